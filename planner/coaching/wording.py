"""How numbers and people read in a brief: one format per kind, so Markdown, HTML and the app agree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


def lower_first(text: str) -> str:
    """'Deals lost at Proposal' -> 'deals lost at Proposal' (keeps proper nouns inside the phrase)."""
    return text[:1].lower() + text[1:]


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
