"""Number formats for Streamlit tables, one per kind, so every page shows money and shares alike."""

from __future__ import annotations

from typing import Final

import pandas as pd

# Whole dollars with thousands separators ("dollar" would show cents on every row).
MONEY: Final = "$%,.0f"
# Shares stored as fractions (0.42) shown as percents.
PERCENT: Final = "percent"


def with_dashes(frame: pd.DataFrame) -> pd.DataFrame:
    """Empty text cells shown as an em dash: Streamlit would print the word "None" in them."""
    text = [c for c in frame.columns if pd.api.types.is_string_dtype(frame[c]) or frame[c].dtype == object]
    return frame.fillna(dict.fromkeys(text, "—"))
