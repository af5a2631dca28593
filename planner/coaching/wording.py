"""How numbers read in a brief: one format per kind, so Markdown, HTML and the app agree."""

from __future__ import annotations


def lower_first(text: str) -> str:
    """'Deals lost at Proposal' -> 'deals lost at Proposal' (keeps proper nouns inside the phrase)."""
    return text[:1].lower() + text[1:]
