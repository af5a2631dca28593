"""How numbers and people read in a brief: one format per kind, so Markdown, HTML and the app agree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from planner.formatting import percent

# A win rate reads with one decimal everywhere (brief text, tiles, the team table's percent column),
# so "23.3% vs 23.8%" and "0.5 points" agree whichever of the three a manager reads.
RATE_DECIMALS: Final = 1


def lower_first(text: str) -> str:
    """'Deals lost at Proposal' -> 'deals lost at Proposal' (keeps proper nouns inside the phrase)."""
    return text[:1].lower() + text[1:]


def rate(value: float | None) -> str:
    """A win rate as the tiles and tables show it: '23.3%'; 'n/a' when unknown."""
    return percent(value, RATE_DECIMALS)


def gap_points(rate: float, team_rate: float, decimals: int = RATE_DECIMALS) -> float:
    """Rep minus team in share points, from the two shares AS SHOWN (each rounded to ``decimals``).

    Subtracting the raw shares can read wrong beside the printed ones: 23.34% vs 23.76% is a raw
    gap of 0.42 (shown "0.4") while the reader sees 23.3% and 23.8%, half a point apart.
    """
    return round(round(rate * 100, decimals) - round(team_rate * 100, decimals), decimals)


def points(value: float, decimals: int = 0) -> str:
    """A non-negative gap in share points with its noun agreeing: '1 point', '12 points', '0.5 points'."""
    text = f"{value:.{decimals}f}"
    return f"{text} {'point' if text == '1' else 'points'}"


@dataclass(frozen=True)
class Voice:
    """Whom a sentence is about: the rep, addressed in their own brief, or a rep named in the team view.

    The brief is read with the rep ("235 of your 325 lost deals"); the team view is a manager's table
    of many reps, where "your" would mean the manager ("235 of Kevin Nguyen's 325 lost deals").
    """

    subject: str  # "you" / "Kevin Nguyen"
    possessive: str  # "your" / "Kevin Nguyen's"


YOU: Final = Voice("you", "your")


def named(rep: str) -> Voice:
    """The third-person voice for ``rep`` (the team view)."""
    return Voice(rep, f"{rep}'s")
