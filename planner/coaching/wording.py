"""How numbers read in a brief: one format per kind, so Markdown, HTML and the app agree."""

from __future__ import annotations

import math


def money(value: float | None) -> str:
    """$1.2M, $48k, $950; 'n/a' when unknown."""
    if value is None or not math.isfinite(value):
        return "n/a"
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value >= 1e6:
        return f"{sign}${value / 1e6:,.1f}M"
    if value >= 1e4:
        return f"{sign}${value / 1e3:,.0f}k"
    return f"{sign}${value:,.0f}"


def lower_first(text: str) -> str:
    """'Deals lost at Proposal' -> 'deals lost at Proposal' (keeps proper nouns inside the phrase)."""
    return text[:1].lower() + text[1:]


def pct(value: float | None) -> str:
    """A share as a whole percent (41%); 'n/a' when unknown."""
    if value is None or not math.isfinite(value):
        return "n/a"
    return f"{value:.0%}"


def points(value: float) -> str:
    """A difference of shares in percentage points (+12 pts)."""
    return f"{value * 100:+.0f} pts"


def times(value: float | None) -> str:
    """A multiple such as pipeline coverage (2.4x)."""
    if value is None or not math.isfinite(value):
        return "n/a"
    return f"{value:.1f}x"


def p_text(p_value: float) -> str:
    """A p-value people can read (p<0.001, p=0.03)."""
    return "p<0.001" if p_value < 0.001 else f"p={p_value:.3f}"
