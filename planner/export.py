"""CSV that Excel and CRMs import cleanly and safely.

Spreadsheet apps execute cells that start with ``= + - @`` (and tab / CR), so a
hostile account name could run a formula on a colleague's machine; we prefix
such text cells with an apostrophe. UTF-8 with a BOM makes Excel read accents
right, and ids stay text so leading zeros survive.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

_DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """Prefix a text cell that a spreadsheet would treat as a formula."""
    if isinstance(value, str) and value.startswith(_DANGEROUS_FIRST):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text columns cannot be read as formulas; numbers are left as numbers."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series):
            text = series.astype("string")
            risky = text.str.match(r"^[=+\-@\t\r]", na=False)
            if risky.any():
                out[column] = text.mask(risky, "'" + text)
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """Excel- and CRM-safe CSV bytes: UTF-8 with BOM, neutralised text, CRLF-free."""
    buffer = io.StringIO()
    safe_frame(frame).to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8-sig")


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write the safe CSV to ``path`` and return it."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(to_csv_bytes(frame))
    return target
