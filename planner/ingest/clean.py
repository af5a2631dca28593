"""Typed columns from text cells: numbers, dates, ids, labels.

Every function works column-wise (vectorised, or over the distinct values only)
so a million-row export costs little more than reading it. A cell that cannot
be read becomes missing and is returned in a mask, so the caller can report its
row instead of failing the file or losing it silently.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

_CURRENCY = re.compile(r"(?i)^(usd|eur|gbp|cad|aud|chf|us\$|\$|€|£|¥)|(usd|eur|gbp|cad|aud|chf|\$|€|£|¥)$")
_SPACES = re.compile(r"[\s\u00a0\u202f'’]")
_SUFFIX = {"k": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9}
_RANGE = re.compile(r"^(\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(\d+(?:\.\d+)?)$")


@dataclass(frozen=True)
class Parsed:
    """A typed column plus which non-empty cells could not be read, and a note on how it was read."""

    values: pd.Series
    invalid: pd.Series  # bool, True where the source had text we could not read
    note: str | None = None


def text(series: pd.Series) -> pd.Series:
    """Trimmed text with runs of spaces collapsed; blank cells become missing."""
    out = series.astype("string").str.strip().str.replace(r"\s+", " ", regex=True)
    return out.mask(out == "")


def number(series: pd.Series, *, european: bool = False) -> Parsed:
    """Numbers as exports write them: ``1,234.50``, ``1.234,50``, ``$1.2M``, ``(500)``, ``51-200``.

    The decimal mark is decided per column (a column of ``1,5`` and ``12,25`` uses a
    decimal comma; ``1,234`` is a thousands separator), because a single cell such as
    ``1,234`` cannot tell on its own. When nothing in the column decides, ``european``
    (a ``;``-separated file) reads ``1.250`` as one thousand two hundred and fifty.
    """
    raw = text(series)
    cleaned = raw.str.replace(_SPACES, "", regex=True).str.replace(_CURRENCY, "", regex=True)
    negative = cleaned.str.match(r"^\(.*\)$", na=False)
    cleaned = cleaned.str.strip("()").str.rstrip("+")
    decimal_comma = _uses_decimal_comma(cleaned, european)
    if decimal_comma:
        cleaned = cleaned.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        cleaned = cleaned.str.replace(",", "", regex=False)
    scale = pd.Series(1.0, index=cleaned.index)
    suffix = cleaned.str.extract(r"(?i)^[-\d.]+\s*(k|mm|mn|m|bn|b)$", expand=False).str.lower()
    if suffix.notna().any():
        scale = suffix.map(_SUFFIX).astype("float64").fillna(1.0)
        cleaned = cleaned.str.replace(r"(?i)(k|mm|mn|m|bn|b)$", "", regex=True)
    values = pd.to_numeric(cleaned, errors="coerce").astype("float64")
    ranges = cleaned.str.extract(_RANGE)
    is_range = values.isna() & ranges[0].notna()
    note = None
    if is_range.any():
        low = pd.to_numeric(ranges[0], errors="coerce")
        high = pd.to_numeric(ranges[1], errors="coerce")
        values = values.mask(is_range, (low + high) / 2)
        note = f"{int(is_range.sum()):,} ranges such as '{raw[is_range].iloc[0]}' read as their midpoint"
    values = (values * scale).where(~negative, -(values * scale))
    values = values.where(np.isfinite(values))
    invalid = raw.notna() & values.isna()
    if decimal_comma:
        note = "; ".join(x for x in ("read with a decimal comma (1.234,56)", note) if x)
    return Parsed(values, invalid.fillna(False).astype(bool), note)


def _uses_decimal_comma(cleaned: pd.Series, european_file: bool) -> bool:
    """True when the column writes decimals with a comma (European exports)."""
    values = cleaned.dropna()
    if values.empty:
        return False
    sample = values.drop_duplicates().head(5000)
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
_SAMPLE = 2000


def date(series: pd.Series, *, day_first: bool = False) -> Parsed:
    """Dates in the formats exports use; the format is chosen per column from a sample of its values.

    Parsing runs on distinct values only (a pipeline has far fewer distinct dates than
    rows). ``1/2/2024`` is ambiguous: the column's other values decide (a ``13/2/2024``
    means day-first); when nothing decides, ``day_first`` does (set for ``;``-separated
    European files).
    """
    raw = text(series)
    distinct = pd.Series(raw.dropna().unique(), dtype="string")
    if distinct.empty:
        return Parsed(
            pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]"), pd.Series(False, index=raw.index)
        )
    parsed = pd.Series(pd.NaT, index=distinct.index, dtype="datetime64[ns]")
    formats = _rank_formats(distinct.sample(min(_SAMPLE, len(distinct)), random_state=0), day_first)
    used = []
    for fmt in formats:
        todo = parsed.isna()
        if not todo.any():
            break
        attempt = _parse(distinct[todo], fmt)
        if attempt.notna().any():
            used.append(fmt)
            parsed[todo] = attempt
    lookup = pd.Series(parsed.to_numpy(), index=distinct.to_numpy())
    values = raw.map(lookup).astype("datetime64[ns]")
    invalid = (raw.notna() & values.isna()).fillna(False).astype(bool)
    note = f"dates read as {_describe(used[0])}" if used and used[0] in _AMBIGUOUS else None
    return Parsed(values, invalid, note)


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
    out = text(series)
    return out.str.replace(r"^(\d+)\.0+$", r"\1", regex=True)
