"""How numbers read everywhere (cards, briefs, reasons, CLI): one format per kind, so every face agrees."""

from __future__ import annotations

import math


def _known(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


def money(value: float | None) -> str:
    """$950, $4.5k, $62k, $1.2M, $3.4B; 'n/a' when unknown."""
    if not _known(value):
        return "n/a"
    sign = "-" if value < 0 else ""
    size = abs(value)
    if size >= 1e9:
        return f"{sign}${size / 1e9:,.1f}B"
    if size >= 1e6:
        return f"{sign}${size / 1e6:,.1f}M"
    if size >= 1e4:
        return f"{sign}${size / 1e3:,.0f}k"
    if size >= 1e3:
        return f"{sign}${size / 1e3:,.1f}k"
    return f"{sign}${size:,.0f}"


def percent(value: float | None, decimals: int = 0) -> str:
    """A share as a percent (41%, or 41.3% with one decimal); 'n/a' when unknown."""
    return f"{value:.{decimals}%}" if _known(value) else "n/a"


def interval(low: float | None, high: float | None) -> str:
    """A share interval such as '40-52%'."""
    if not (_known(low) and _known(high)):
        return "n/a"
    return f"{low * 100:.0f}-{high:.0%}"


def points(value: float) -> str:
    """A difference of shares in percentage points (+12 pts)."""
    return f"{value * 100:+.0f} pts"


def times(value: float | None) -> str:
    """A multiple such as pipeline coverage (2.4x)."""
    return f"{value:.1f}x" if _known(value) else "n/a"


def count(number: int, noun: str, plural: str | None = None) -> str:
    """A count with its noun agreeing (1 note, 3 notes, 1,627 accounts)."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"
