"""How values look in Streamlit tables, one definition per kind, so every page shows them alike."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import streamlit as st

if TYPE_CHECKING:
    from streamlit.delta_generator import DeltaGenerator

# Whole dollars with thousands separators ("dollar" would show cents on every row).
MONEY: Final = "$%,.0f"
# Shares stored as fractions (0.42) shown as percents.
PERCENT: Final = "percent"
# An empty cell, text or number: Streamlit would print the word "None" in it.
EMPTY: Final = "—"


def show_table(data: Any, **options: Any) -> DeltaGenerator:
    """``st.dataframe`` as every page shows a table: no index, full width, empty cells as a dash.

    Pages call this instead of ``st.dataframe`` (a test holds them to it), so a blank owner, a stage
    a lost deal never reached or a rep without a quota reads "—" everywhere, never "None".
    """
    return st.dataframe(data, **{"hide_index": True, "width": "stretch", **options, "placeholder": EMPTY})
