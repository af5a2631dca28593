"""Typed columns from text cells: numbers, dates, ids, labels.

Every function works column-wise (vectorised, or over the distinct values only)
so a million-row export costs little more than reading it. A cell that cannot
be read becomes missing and is returned in a mask, so the caller can report its
row instead of failing the file or losing it silently.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_CURRENCY = re.compile(r"(?i)^(usd|eur|gbp|cad|aud|chf|us\$|\$|€|£|¥)|(usd|eur|gbp|cad|aud|chf|\$|€|£|¥)$")
# Literal characters (not \\u escapes) so Arrow's regex engine runs these natively.
_SPACES = re.compile("[ \t\xa0\u202f'\u2019]")
# Scale words and suffixes after a number: ``5k``, ``3.5M``, ``$3.5 million``, ``1.2 bn``.
_SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "mio": 1e6, "million": 1e6}
_SCALES |= {"b": 1e9, "bn": 1e9, "billion": 1e9}
_SCALED = re.compile(r"(?i)^(.*\d)(k|thousands?|mm|mn|mio|millions?|m|bn|billions?|b)$")
_RANGE = re.compile(r"^(\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(\d+(?:\.\d+)?)$")


@dataclass(frozen=True)
class Parsed:
    """A typed column plus which non-empty cells could not be read, and a note on how it was read."""

    values: pd.Series
    invalid: pd.Series  # bool, True where the source had text we could not read
    note: str | None = None


def trimmed(series: pd.Series) -> pd.Series:
    """Text without surrounding spaces; blank cells become missing."""
    out = series.astype("string").str.strip()
    return out.mask(out == "")


def text(series: pd.Series) -> pd.Series:
    """Trimmed text with runs of spaces collapsed (names and labels); blank cells become missing."""
    out = series.astype("string").str.strip()
    # Collapsing needs a regex; run it only on the few cells with doubled or odd spaces.
    # A literal no-break space, not an escape: Arrow's regex engine then runs it natively.
    messy = out.str.contains("[ \t\r\n\xa0]{2}|[\t\r\n\xa0]", regex=True, na=False)
    if messy.any():
        out = out.mask(messy, out[messy].str.replace("[ \t\r\n\xa0]+", " ", regex=True))
    return out.mask(out == "")


def per_distinct(series: pd.Series, function: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """Apply a column function to the distinct values only and spread the results back (NA stays NA).

    Exports repeat the same labels, dates and stages on many rows; this makes their cost
    depend on the number of distinct values, not rows.
    """
    codes, uniques = pd.factorize(series)
    results = function(pd.Series(uniques, dtype=series.dtype)).reset_index(drop=True)
    filler = pd.Series([pd.NA], dtype=results.dtype) if len(results) == 0 else results.iloc[:1].mask([True])
    table = pd.concat([results, filler], ignore_index=True)  # code -1 (missing) takes the last, blank entry
    return pd.Series(table.to_numpy()[codes], index=series.index, dtype=results.dtype)


# A plain number in the column's convention: digits grouped by threes, then the decimal part.
_GROUPED = {
    False: r"-?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?([eE][-+]?\d+)?",
    True: r"-?(\d+|\d{1,3}(\.\d{3})+)(,\d+)?",
}
# Cells whose marks can only be read one way, whatever the column does: ``2.000.000`` and ``1.234,5``
# group with dots; ``2,000,000`` and ``1,234.5`` with commas; ``12,5`` and ``12.5`` cannot be thousands.
_ONLY_DECIMAL_COMMA = r"\d{1,3}(\.\d{3}){2,}(,\d+)?|\d{1,3}(\.\d{3})+,\d+|\d+,(\d{1,2}|\d{4,})"
_ONLY_DECIMAL_DOT = r"\d{1,3}(,\d{3}){2,}(\.\d+)?|\d{1,3}(,\d{3})+\.\d+|\d+\.(\d{1,2}|\d{4,})"


def number(series: pd.Series, *, european: bool = False) -> Parsed:
    """Numbers as exports write them: ``1,234.50``, ``1.234,50``, ``$1.2M``, ``(500)``, ``51-200``.

    The decimal mark is decided per column (a column of ``1,5`` and ``12,25`` uses a
    decimal comma; ``1,234`` is a thousands separator), because a single cell such as
    ``1,234`` cannot tell on its own; a cell that can be read only one way (``€2.000.000``
    among dot decimals) is read that way. When nothing in the column decides, ``european``
    (a ``;``-separated file) reads ``1.250`` as one thousand two hundred and fifty.
    Plain numbers take a fast vectorised path; only the rest go through the slower rules.
    """
    raw = trimmed(series)
    decimal_comma = _uses_decimal_comma(raw, european)
    values, notes = (None if decimal_comma else _plain_column(raw)), []
    if values is None:
        values, notes = _mixed_column(raw, decimal_comma)
    values = values.where(np.isfinite(values))
    invalid = (raw.notna() & values.isna()).astype(bool)
    return Parsed(values, invalid, "; ".join(notes) or None)


def _plain_column(raw: pd.Series) -> pd.Series | None:
    """The whole column in one Arrow cast when every cell is plain decimal text, else None.

    Most exports write numbers plainly, and at a million rows the cast is ten times faster
    than sorting cells into plain and unusual ones first.
    """
    try:
        return _plain_floats(raw)
    except pa.ArrowInvalid:
        return None


def _mixed_column(raw: pd.Series, decimal_comma: bool) -> tuple[pd.Series, list[str]]:
    """Plain cells by the fast cast, the rest (currency, suffixes, ranges...) by the slower rules."""
    plain = raw.str.fullmatch(_GROUPED[decimal_comma]).fillna(False).astype(bool)
    values = _plain_floats(_drop_grouping(raw.where(plain), decimal_comma))
    unusual = raw.notna() & ~plain
    notes = ["read with a decimal comma (1.234,56)"] if decimal_comma else []
    if unusual.any():
        parsed = per_distinct(raw[unusual], lambda v: _unusual_numbers(v, decimal_comma))
        values = values.mask(unusual, parsed.astype("float64"))
        ranges = raw[unusual].str.match(_RANGE, na=False)
        if ranges.any():
            notes.append(
                f"{int(ranges.sum()):,} ranges such as '{raw[unusual][ranges].iloc[0]}' read as midpoints"
            )
    return values, notes


def _plain_floats(text: pd.Series) -> pd.Series:
    """Plain decimal text parsed by Arrow: pandas' ``astype`` goes through a Python object per cell."""
    parsed = pc.cast(pa.array(text.array, from_pandas=True), pa.float64())
    return pd.Series(parsed.to_numpy(zero_copy_only=False), index=text.index, dtype="float64")


def _drop_grouping(values: pd.Series, decimal_comma: bool) -> pd.Series:
    if decimal_comma:
        return values.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    return values.str.replace(",", "", regex=False)


def _decimal_text(values: pd.Series, decimal_comma: bool) -> pd.Series:
    """Digits with a decimal dot: by the column's convention, unless a cell can be read only one way."""
    by_column = _drop_grouping(values, decimal_comma)
    other = _ONLY_DECIMAL_DOT if decimal_comma else _ONLY_DECIMAL_COMMA
    unambiguous = values.str.fullmatch(other).fillna(False).astype(bool)
    if not unambiguous.any():
        return by_column
    return by_column.mask(unambiguous, _drop_grouping(values[unambiguous], not decimal_comma))


def _strip_symbols(values: pd.Series) -> pd.Series:
    return values.str.replace(_SPACES, "", regex=True).str.replace(_CURRENCY, "", regex=True)


def _unusual_numbers(raw: pd.Series, decimal_comma: bool) -> pd.Series:
    """Currency, spaces, accounting negatives, scale words (k, M, million, bn) and ranges (run on distinct
    values)."""
    cleaned = raw.str.replace(_SPACES, "", regex=True)
    negative = cleaned.str.match(r"^\(.*\)$|^-\D", na=False)  # (500), and -$500 (a plain -500 reads as is)
    cleaned = cleaned.str.strip("()")
    cleaned = cleaned.mask(negative, cleaned.str.lstrip("-"))
    cleaned = cleaned.str.replace(_CURRENCY, "", regex=True).str.rstrip("+")
    scaled = cleaned.str.extract(_SCALED)
    scale = scaled[1].str.lower().str.rstrip("s").map(_SCALES).astype("float64").fillna(1.0)
    digits = scaled[0].fillna(cleaned)
    values = pd.to_numeric(_decimal_text(digits, decimal_comma), errors="coerce").astype("float64")
    ranges = _drop_grouping(digits, decimal_comma).str.extract(_RANGE)
    low = pd.to_numeric(ranges[0], errors="coerce").astype("float64")
    high = pd.to_numeric(ranges[1], errors="coerce").astype("float64")
    values = values.fillna((low + high) / 2) * scale
    return values.where(~negative, -values)


def _uses_decimal_comma(raw: pd.Series, european_file: bool) -> bool:
    """True when the column writes decimals with a comma (European exports), judged on a sample."""
    sample = _strip_symbols(raw.dropna().head(5000).drop_duplicates())
    if sample.empty:
        return False
    european = sample.str.match(r"^-?\d{1,3}(\.\d{3})+,\d+$|^-?\d+,(\d{1,2}|\d{4,})$", na=False).sum()
    american = sample.str.match(r"^-?\d{1,3}(,\d{3})+\.\d+$|^-?\d+\.(\d{1,2}|\d{4,})$", na=False).sum()
    if european == american == 0 and european_file:
        return bool(sample.str.match(r"^-?\d{1,3}(\.\d{3})+$", na=False).any())
    return bool(european > american)


# Formats tried for dates, in the order used to break ties (ISO first; US month-first before day-first).
DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%m/%d/%Y",
    "%d/%m/%Y",
    "%m/%d/%Y %H:%M",
    "%d/%m/%Y %H:%M",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%y",
    "%d/%m/%y",
    "%d.%m.%Y",
    "%d.%m.%y",
    "%d-%m-%Y",
    "%m-%d-%Y",
    "%Y/%m/%d",
    "%d %b %Y",
    "%d-%b-%Y",
    "%d-%b-%y",
    "%b %d, %Y",
    "%d %B %Y",
    "%B %d, %Y",
    "%Y%m%d",
)
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_SAMPLE = 500


def date(series: pd.Series, *, day_first: bool = False) -> Parsed:
    """Dates in the formats exports use; the format is chosen per column from a sample of its values.

    Parsing runs on distinct values only (a pipeline has far fewer distinct dates than
    rows). ``1/2/2024`` is ambiguous: the column's other values decide (a ``13/2/2024``
    means day-first); when nothing decides, ``day_first`` does (set for ``;``-separated
    European files).
    """
    raw = trimmed(series)
    used: list[str] = []
    values = per_distinct(raw, lambda distinct: _parse_distinct(distinct, day_first, used))
    invalid = (raw.notna() & values.isna()).astype(bool)
    note = f"dates read as {_describe(used[0])}" if used and used[0] in _AMBIGUOUS else None
    return Parsed(values, invalid, note)


def _parse_distinct(distinct: pd.Series, day_first: bool, used: list[str]) -> pd.Series:
    """Parse distinct date strings, best formats first; ``used`` collects the formats that read any."""
    parsed = pd.Series(pd.NaT, index=distinct.index, dtype="datetime64[ns]")
    if distinct.empty:
        return parsed
    for fmt in _rank_formats(distinct.sample(min(_SAMPLE, len(distinct)), random_state=0), day_first):
        todo = parsed.isna()
        if not todo.any():
            break
        attempt = _parse(distinct[todo], fmt)
        if attempt.notna().any():
            used.append(fmt)
            parsed[todo] = attempt
    return parsed


_AMBIGUOUS = {f for f in DATE_FORMATS if f.startswith(("%m/%d", "%d/%m", "%d.%m", "%d-%m", "%m-%d"))}


def _describe(fmt: str) -> str:
    return "day/month/year" if fmt.startswith("%d") else "month/day/year"


def _rank_formats(sample: pd.Series, day_first: bool) -> list[str]:
    """Formats ordered by how many sample values each reads; ties keep the default order."""
    order = list(DATE_FORMATS)
    if day_first:
        order.sort(key=lambda f: 0 if f.startswith("%d") else 1 if f.startswith("%Y") else 2)
    counts = {fmt: int(_parse(sample, fmt).notna().sum()) for fmt in order}
    ranked = sorted(order, key=lambda f: -counts[f])
    return [*[f for f in ranked if counts[f]], "ISO8601", "excel-serial"]


def _parse(values: pd.Series, fmt: str) -> pd.Series:
    if fmt == "excel-serial":
        serial = pd.to_numeric(values, errors="coerce")
        serial = serial.where((serial > 2000) & (serial < 80000))  # 1905..2118
        return (_EXCEL_EPOCH + pd.to_timedelta(serial, unit="D")).astype("datetime64[ns]")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if fmt == "ISO8601":
            out = pd.to_datetime(values, errors="coerce", format="ISO8601", utc=True).dt.tz_localize(None)
        else:
            out = pd.to_datetime(values, errors="coerce", format=fmt)
    # Years outside 1900-2100 are typos (0224, 3024) and would not fit nanosecond timestamps.
    return out.where((out.dt.year >= 1900) & (out.dt.year <= 2100)).astype("datetime64[ns]")


def identifier(series: pd.Series) -> pd.Series:
    """Ids as trimmed text; ``1001.0`` from a spreadsheet becomes ``1001`` so it still joins."""
    out = trimmed(series)
    if not out.str.endswith(".0").any():
        return out
    return out.str.replace(r"^(\d+)\.0+$", r"\1", regex=True)
