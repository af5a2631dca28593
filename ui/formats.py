"""How values look in Streamlit tables, one definition per kind, so every page shows them alike."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

import pandas as pd
import streamlit as st

from planner.formatting import percent

if TYPE_CHECKING:
    from streamlit.delta_generator import DeltaGenerator

# Whole dollars with thousands separators ("dollar" would show cents on every row).
MONEY: Final = "$%,.0f"
# Whole numbers with thousands separators: counts, days, kilometres ("%d" prints 5520).
COUNT: Final = "%,.0f"
# Shares stored as fractions (0.42) shown as percents with one decimal ("42.0%"). Streamlit's own
# "percent" drops trailing zeros, so one column read 59.38% above 50%; ``show_table`` scales the
# columns configured by ``percent_column`` to points for this format.
PERCENT: Final = "%.1f%%"
# An empty cell, text or number: Streamlit would print the word "None" in it.
EMPTY: Final = "—"


def show_short_table(frame: pd.DataFrame) -> DeltaGenerator:
    """A few rows as a static table (no sorting or scrolling), empty cells as a dash.

    The interactive grid of ``st.dataframe`` is a large script the browser fetches the first time
    a page shows one; the Data page opens with only static elements so it draws sooner. Cells are
    escaped: a static table reads Markdown, and "$47k ... $32k" in a reason must not become math.
    """
    text = frame.astype(object).map(lambda value: EMPTY if pd.isna(value) else literal(str(value)))
    return st.table(text, hide_index=True, border="horizontal")


def literal(text: str) -> str:
    """Inline Markdown (and ``$`` for math) made literal: "$47k vs $32k" is money, not an equation."""
    return re.sub(r"([\\`*_\[\]<>~|$])", r"\\\1", text)


def percent_column(label: str | None = None, **options: Any) -> dict[str, Any]:
    """A column of fractions (0.42) shown as "42.0%" by ``show_table``, which scales it to points."""
    return st.column_config.NumberColumn(label, format=PERCENT, **options)


def percent_text(value: float | None) -> str:
    """A fraction as a metric tile shows it, like a ``percent_column`` cell: "42.0%"; "n/a" if unknown."""
    return percent(None if value is None or pd.isna(value) else float(value), decimals=1)


def show_table(data: Any, **options: Any) -> DeltaGenerator:
    """``st.dataframe`` as every page shows a table: no index, full width, empty cells as a dash.

    Pages call this instead of ``st.dataframe`` (a test holds them to it), so a blank owner, a stage
    a lost deal never reached or a rep without a quota reads "—" everywhere, never "None", and every
    share reads with the same one decimal (``percent_column``).
    """
    config = options.get("column_config") or {}
    if isinstance(data, pd.DataFrame):
        data = _in_points(data, [name for name, column in config.items() if _is_percent(column)])
    return st.dataframe(data, **{"hide_index": True, "width": "stretch", **options, "placeholder": EMPTY})


def _is_percent(column: Any) -> bool:
    return isinstance(column, dict) and column.get("type_config", {}).get("format") == PERCENT


def _in_points(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Fractions to percentage points for the ``PERCENT`` format (printf has no percent scaling)."""
    present = [column for column in columns if column in frame.columns]
    return frame.assign(**{column: frame[column] * 100 for column in present}) if present else frame
