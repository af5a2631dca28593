"""How values look in Streamlit tables, one definition per kind, so every page shows them alike."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

import pandas as pd
import streamlit as st

if TYPE_CHECKING:
    from streamlit.delta_generator import DeltaGenerator

# Whole dollars with thousands separators ("dollar" would show cents on every row).
MONEY: Final = "$%,.0f"
# Shares stored as fractions (0.42) shown as percents.
PERCENT: Final = "percent"
# An empty cell, text or number: Streamlit would print the word "None" in it.
EMPTY: Final = "—"


def show_short_table(frame: pd.DataFrame) -> DeltaGenerator:
    """A few rows as a static table (no sorting or scrolling), empty cells as a dash.

    The interactive grid of ``st.dataframe`` is a large script the browser fetches the first time
    a page shows one; the Data page opens with only static elements so it draws sooner. Cells are
    escaped: a static table reads Markdown, and "$47k ... $32k" in a reason must not become math.
    """
    text = frame.astype(object).map(lambda value: EMPTY if pd.isna(value) else _escaped(str(value)))
    return st.table(text, hide_index=True, border="horizontal")


def _escaped(text: str) -> str:
    """Inline Markdown (and ``$`` for math) made literal: "$47k vs $32k" is money, not an equation."""
    return re.sub(r"([\\`*_\[\]<>~|$])", r"\\\1", text)


def show_table(data: Any, **options: Any) -> DeltaGenerator:
    """``st.dataframe`` as every page shows a table: no index, full width, empty cells as a dash.

    Pages call this instead of ``st.dataframe`` (a test holds them to it), so a blank owner, a stage
    a lost deal never reached or a rep without a quota reads "—" everywhere, never "None".
    """
    return st.dataframe(data, **{"hide_index": True, "width": "stretch", **options, "placeholder": EMPTY})
