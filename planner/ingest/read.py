"""Bytes of a CSV/XLSX export -> a frame of raw text cells, indexed by the row number Excel shows.

CRM exports arrive as UTF-8, UTF-8 with a BOM (Excel), cp1252 (Excel on
Windows), UTF-16 (Excel "Unicode text"), separated by commas, semicolons (European
Excel) or tabs, sometimes with a ``sep=;`` hint line or a report title above the
header. Everything is read as text here; typing happens in ``clean``, so a bad
cell becomes a reported problem instead of a failed read.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from charset_normalizer import from_bytes

from planner.errors import InputError

# Excel cannot hold more in one cell; a longer cell almost always means an unclosed quote
# swallowed the rest of the file.
MAX_CELL_CHARS = 32_767
DELIMITERS = (",", ";", "\t", "|")
NA_VALUES = ["", "NULL", "null", "Null", "N/A", "n/a", "#N/A", "NaN", "nan", "None", "-", "--"]
_SAMPLE_BYTES = 64_000
# Any byte other than whitespace, NUL or byte-order marks: a file without one is empty.
_CONTENT = re.compile(rb"[^ \t\r\n\x00\xef\xbb\xbf\xff\xfe]")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls
_LATIN_CODEPAGES = frozenset(
    {"ascii", "cp1250", "cp1252", "cp1254", "cp1257", "latin_1", "mac_roman", "mac_latin2"}
    | {f"iso8859_{n}" for n in (1, 2, 3, 4, 9, 10, 13, 14, 15, 16)}
)
_BAD_LINE = re.compile(r"Skipping line (\d+): expected (\d+) fields, saw (\d+)")


@dataclass(frozen=True)
class RawTable:
    """A file's cells as text. ``frame.index`` holds each row's Excel row number."""

    frame: pd.DataFrame
    file: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    # Excel row numbers of records that had more fields than the header (skipped by the reader).
    ragged_rows: tuple[int, ...] = ()
    # Excel row numbers of empty rows inside the table (ignored; trailing empty lines are not rows of it).
    blank_rows: tuple[int, ...] = ()
    preamble_rows: int = 0
    # Single-cell lines after the table (report totals, copyright), ignored.
    footer: tuple[str, ...] = ()


def read_table(data: bytes, file: str) -> RawTable:
    """Read CSV or XLSX bytes into text cells; raise ``InputError`` when the file cannot be a table."""
    if not _CONTENT.search(data):  # a search, not a strip: no copy of a 100 MB file
        raise InputError("the file is empty.", file=file, hint="Export the table again with its header row.")
    if data.startswith(_ZIP_MAGIC):
        return _read_xlsx(data, file)
    if data.startswith(_OLE_MAGIC):
        raise InputError(
            "this is a legacy Excel .xls file, which is not supported.",
            file=file,
            hint="Save it as .xlsx or CSV and upload that.",
        )
    text_encoding = detect_encoding(data, file)
    return _read_csv(data, file, text_encoding)


def detect_encoding(data: bytes, file: str) -> str:
    """The text encoding of ``data``: BOMs first, then strict UTF-8, then a guess among Windows encodings."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _reject_binary(data[:_SAMPLE_BYTES], file)
        return "utf-8"
    _reject_binary(data[:_SAMPLE_BYTES], file)
    guess = from_bytes(data[:_SAMPLE_BYTES]).best()
    # Among the Latin single-byte code pages the guess is often a near miss (cp1250 for cp1252);
    # Excel on Windows writes cp1252, so prefer it there and trust the guess only for other scripts.
    candidates = [guess.encoding] if guess is not None and guess.encoding not in _LATIN_CODEPAGES else []
    # cp1252 is what Excel on Windows writes; latin-1 decodes any byte, so it is the last resort.
    for encoding in [*candidates, "cp1252", "latin-1"]:
        try:
            data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        return encoding
    return "latin-1"  # pragma: no cover - latin-1 decodes every byte string


def _reject_binary(sample: bytes, file: str) -> None:
    """NUL bytes or many control characters mean this is not a text table (an image, a PDF, a zip...)."""
    control = sum(sample.count(bytes([b])) for b in (*range(0, 9), 11, 12, *range(14, 32)))
    if b"\x00" in sample or control > max(8, len(sample) // 100):
        raise InputError(
            "this does not look like a CSV or XLSX file (it contains binary data).",
            file=file,
            hint="Upload the CSV or XLSX file your CRM exported.",
        )


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits most sample lines into the same number (>1) of fields.

    The most common field count is used rather than the first line's, so a report title
    above the header does not mislead the guess.
    """
    best, best_score = ",", (0, 0.0)
    for delimiter in DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=delimiter) if row]
        except csv.Error:
            continue
        if not counts:
            continue
        usual = max(set(counts), key=lambda c: (counts.count(c), c))
        consistency = counts.count(usual) / len(counts)
        score = (1 if usual > 1 else 0, consistency * usual)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _sample_lines(text: str) -> list[str]:
    lines = text.splitlines()
    # A half-cut last line would look inconsistent; drop it unless it is the only one.
    return lines[:-1] if len(lines) > 1 else lines


def _read_csv(data: bytes, file: str, encoding: str) -> RawTable:
    sample = data[:_SAMPLE_BYTES].decode(encoding, errors="replace").lstrip("\ufeff")
    lines = _sample_lines(sample)
    skip = 0
    delimiter = None
    if lines and re.fullmatch(r"sep=(.)", lines[0].strip()):
        delimiter = lines[0].strip()[4]
        skip = 1
        lines = lines[1:]
    delimiter = delimiter or sniff_delimiter(lines[:200])
    skip += _preamble_length(lines[:30], delimiter)
    frame, ragged = _parse_csv(data, file, encoding, delimiter, skip)
    return _finish(frame, file, encoding=encoding, delimiter=delimiter, ragged=ragged, preamble=skip)


def _preamble_length(lines: list[str], delimiter: str) -> int:
    """Title lines above the header (Salesforce report exports): records far narrower than the table."""
    try:
        widths = [sum(1 for cell in row if cell.strip()) for row in csv.reader(lines, delimiter=delimiter)]
    except csv.Error:
        return 0
    return _header_position(widths)


def _header_position(widths: list[int]) -> int:
    """Index of the header: the first record filled at least half as wide as the widest one."""
    if not widths or max(widths) < 2:
        return 0
    widest = max(widths)
    return next(position for position, width in enumerate(widths) if width >= max(2, widest // 2))


def _parse_csv(
    data: bytes, file: str, encoding: str, delimiter: str, skip: int, *, allow_fast: bool = True
) -> tuple[pd.DataFrame, tuple[int, ...]]:
    """Text cells of a CSV: Arrow's multi-threaded reader for a clean file, pandas' C reader otherwise.

    The C reader keeps blank lines (so row numbers stay Excel's) and reports rows with too
    many cells; Arrow's is several times faster but can do neither, so it only takes files
    without blank lines, and any file it refuses goes to the C reader for the exact message.
    ``allow_fast=False`` forces the C reader (the tests check that both agree).
    """
    fast = _read_clean_csv(data, encoding, delimiter, skip) if allow_fast else None
    if fast is not None:
        return fast, ()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            frame = pd.read_csv(
                io.BytesIO(data),
                **_text_cells(delimiter, encoding, skip),
                skip_blank_lines=False,
                on_bad_lines="warn",
                engine="c",
            )
        except pd.errors.EmptyDataError as error:
            raise InputError("the file has no header row.", file=file) from error
        except (pd.errors.ParserError, UnicodeDecodeError, ValueError, OverflowError, csv.Error) as error:
            raise InputError(
                f"the file could not be read as CSV ({_first_line(error)}).",
                file=file,
                hint="Check for an unmatched double quote, or export the table again as CSV.",
            ) from error
    ragged = []
    for warning in caught:
        for match in _BAD_LINE.finditer(str(warning.message)):
            ragged.append(int(match.group(1)))
    return frame, tuple(ragged)


def _text_cells(delimiter: str, encoding: str, skip: int) -> dict:
    """read_csv options both readers share: every cell as text, our list of missing-value markers."""
    return {
        "sep": delimiter,
        "encoding": encoding,
        "dtype": str,
        "keep_default_na": False,
        "na_values": NA_VALUES,
        "skiprows": skip,
    }


def _read_clean_csv(data: bytes, encoding: str, delimiter: str, skip: int) -> pd.DataFrame | None:
    if encoding not in ("utf-8", "utf-8-sig") or _has_blank_line(data):
        return None
    if data.count(b'"') % 2:  # an unclosed quote, which Arrow would silently run to the end of the file
        return None
    try:
        return pd.read_csv(io.BytesIO(data), **_text_cells(delimiter, encoding, skip), engine="pyarrow")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, UnicodeDecodeError, OSError):
        return None


def _has_blank_line(data: bytes) -> bool:
    """A blank line before the end of the file (trailing ones do not count)."""
    if b"\n\n" not in data and b"\n\r\n" not in data:  # the usual case: no copy of the file at all
        return False
    body = data.rstrip(b"\r\n \t")
    return b"\n\n" in body or b"\n\r\n" in body


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0][:200] if str(error).strip() else type(error).__name__


def _read_xlsx(data: bytes, file: str) -> RawTable:
    try:
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, dtype=str, header=None, engine="openpyxl")
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise InputError(
            f"the file could not be read as an Excel workbook ({_first_line(error)}).",
            file=file,
            hint="Open it in Excel and save it as .xlsx or CSV again.",
        ) from error
    # The first sheet with a header and data; workbooks often carry an empty or notes sheet too.
    for name, sheet in sorted(sheets.items(), key=lambda item: int(item[1].notna().any(axis=1).sum()) < 2):
        sheet = sheet.reset_index(drop=True)
        widths = sheet.notna().sum(axis=1).tolist()
        if not any(widths):
            continue
        # Position p of the sheet is Excel row p + 1.
        header_at = _header_position(widths[:30])
        header = [("" if pd.isna(v) else str(v)) for v in sheet.iloc[header_at]]
        body = sheet.iloc[header_at + 1 :].set_axis(header, axis=1)
        body.index = body.index + 1
        return _finish(body, file, sheet=str(name), preamble=header_at)
    raise InputError("the workbook has no data on any sheet.", file=file)


def _finish(
    frame: pd.DataFrame,
    file: str,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    ragged: tuple[int, ...] = (),
    preamble: int = 0,
) -> RawTable:
    """Clean header names, give every row its Excel number, drop blank rows and refuse giant cells."""
    frame = frame.set_axis(_clean_headers([str(c) for c in frame.columns]), axis=1)
    if sheet is None:
        # Records are Excel rows 2, 3, ... after the header and any preamble, minus the ragged ones skipped.
        first = preamble + 2
        numbers = np.arange(first, first + len(frame) + len(ragged))
        numbers = numbers[~np.isin(numbers, ragged)]
        frame.index = pd.Index(numbers[: len(frame)], name="row")
    frame.index.name = "row"
    frame = frame.astype("string")
    blank = frame.isna().all(axis=1).to_numpy()
    blank_rows: tuple[int, ...] = ()
    if blank.any():  # copying every column of a million rows costs a second; most files have no blank row
        filled = np.flatnonzero(~blank)
        inside = blank.copy()
        inside[filled[-1] if len(filled) else 0 :] = False
        blank_rows = tuple(int(r) for r in frame.index[inside])
        frame = frame.loc[~blank]
    frame, footer = _split_footer(frame)
    _refuse_giant_cells(frame, file)
    return RawTable(frame, file, encoding, delimiter, sheet, tuple(ragged), blank_rows, preamble, footer)


def _split_footer(frame: pd.DataFrame) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Report exports end with lines such as ``Grand Totals (212 records)`` or a copyright notice.

    They are single-cell rows after a blank row at the very end of a table at least three
    columns wide; a real record that happens to have one cell filled is not preceded by a gap.
    """
    if frame.shape[1] < 3 or len(frame) < 2:
        return frame, ()
    filled = frame.notna().sum(axis=1).to_numpy()
    rows = frame.index.to_numpy()
    start = len(frame)
    while start > 1 and filled[start - 1] <= 1:
        start -= 1
    if start == len(frame) or rows[start] - rows[start - 1] < 2:
        return frame, ()
    footer = frame.iloc[start:]
    lines = tuple(str(v) for v in footer.bfill(axis=1).iloc[:, 0].dropna())
    return frame.iloc[:start], lines


def _clean_headers(names: list[str]) -> list[str]:
    """Strip BOMs and spaces, name blank headers after their position and make duplicates unique."""
    cleaned: list[str] = []
    seen: dict[str, int] = {}
    for position, name in enumerate(names, start=1):
        text = name.replace("\ufeff", "").strip()
        if not text or text.startswith("Unnamed: ") or text in {"nan", "<NA>"}:
            text = f"column {position}"
        # pandas renames a repeated header "Stage" to "Stage.1"; name it "Stage (2)" like a person would.
        mangled = re.fullmatch(r"(.*)\.\d+", text)
        if mangled and mangled.group(1) in seen:
            text = mangled.group(1)
        if text in seen:
            seen[text] += 1
            text = f"{text} ({seen[text]})"
        else:
            seen[text] = 1
        cleaned.append(text)
    return cleaned


def _refuse_giant_cells(frame: pd.DataFrame, file: str) -> None:
    for column in frame.columns:
        # Byte length bounds character length and is read straight from Arrow's offsets.
        if (pc.max(pc.binary_length(pa.array(frame[column].array))).as_py() or 0) <= MAX_CELL_CHARS:
            continue
        lengths = frame[column].str.len().fillna(0)
        if lengths.max() > MAX_CELL_CHARS:
            raise InputError(
                f"a cell holds {int(lengths.max()):,} characters (more than Excel's {MAX_CELL_CHARS:,}).",
                file=file,
                row=int(lengths.idxmax()),
                column=column,
                hint="This usually means an unmatched double quote; fix it near that row and export again.",
            )
