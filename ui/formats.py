"""Number formats for Streamlit tables, one per kind, so every page shows money and shares alike."""

from __future__ import annotations

from typing import Final

# Whole dollars with thousands separators ("dollar" would show cents on every row).
MONEY: Final = "$%,.0f"
# Shares stored as fractions (0.42) shown as percents.
PERCENT: Final = "percent"
