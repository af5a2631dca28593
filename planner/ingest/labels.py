"""Tidy category labels (industry, product, country) whose spellings split one value into several.

Real exports carry typos (Maven's ``technolgy``, ``Philipines``), spacing slips
(``GTXPro`` beside ``GTX Plus Pro``) and case drift (``Retail`` / ``retail ``).
Left alone they split a segment in two and bias every win rate computed on it.
Only obvious fixes are made, each is returned as ``old -> new`` so the report can
list it, and all work is done on distinct values, never per row.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

import pandas as pd

# Industries as B2B CRMs commonly label them; a close misspelling is corrected to these.
INDUSTRIES = (
    "Agriculture",
    "Apparel",
    "Automotive",
    "Banking",
    "Biotechnology",
    "Chemicals",
    "Communications",
    "Construction",
    "Consulting",
    "Education",
    "Electronics",
    "Employment",
    "Energy",
    "Engineering",
    "Entertainment",
    "Environmental",
    "Finance",
    "Financial Services",
    "Food & Beverage",
    "Government",
    "Healthcare",
    "Hospitality",
    "Insurance",
    "Legal",
    "Logistics",
    "Machinery",
    "Manufacturing",
    "Marketing",
    "Media",
    "Medical",
    "Mining",
    "Not For Profit",
    "Pharmaceuticals",
    "Professional Services",
    "Real Estate",
    "Recreation",
    "Retail",
    "Services",
    "Shipping",
    "Software",
    "Technology",
    "Telecommunications",
    "Transportation",
    "Utilities",
    "Wholesale",
)

_CUTOFF = 0.75  # a loose first screen; _typo decides
_MAX_DISTINCT = 2000  # beyond this a column is not a short list of labels; leave it alone


def tidy(series: pd.Series, vocabulary: Iterable[str] = ()) -> tuple[pd.Series, dict[str, str]]:
    """The column with obvious misspellings fixed, and the ``old -> new`` changes made."""
    counts = series.value_counts(dropna=True)
    if counts.empty or len(counts) > _MAX_DISTINCT:
        return series, {}
    changes: dict[str, str] = {}
    changes.update(_same_letters(counts))
    changes.update(_misspelt(counts, list(vocabulary), changes))
    changes.update(_glued(counts, changes))
    if not changes:
        return series, {}
    return series.replace(changes), changes


def _letters(value: str) -> str:
    return re.sub(r"[^0-9a-z]", "", value.lower())


def _same_letters(counts: pd.Series) -> dict[str, str]:
    """``retail``, ``Retail `` and ``RETAIL`` are one label: use the most common spelling."""
    changes = {}
    keys = pd.Series([_letters(v) for v in counts.index], index=counts.index)
    for _key, group in counts.groupby(keys.to_numpy(), sort=False):
        if len(group) > 1:
            winner = max(group.index, key=lambda v: (group[v], *_proper(str(v))))
            changes.update({str(v): str(winner) for v in group.index if v != winner})
    return changes


def _proper(label: str) -> tuple[bool, bool, bool]:
    """On a tie, the spelling a person would pick: no stray spaces, a capital first, not all capitals."""
    return label == label.strip(), label[:1].isupper(), not label.isupper()


def _misspelt(counts: pd.Series, vocabulary: list[str], done: dict[str, str]) -> dict[str, str]:
    """``technolgy`` -> ``technology``: a close match to a known label, written in the column's case."""
    if not vocabulary:
        return {}
    known = {_letters(v): v for v in vocabulary}
    present = {_letters(str(v)) for v in counts.index}
    changes = {}
    for value in counts.index:
        value = str(value)
        key = _letters(value)
        if value in done or key in known or len(key) < 5:
            continue
        match = [
            m for m in difflib.get_close_matches(key, list(known), n=3, cutoff=_CUTOFF) if _typo(key, m)
        ][:1]
        if match and match[0] not in present - {key}:
            changes[value] = _in_case_of(counts.index, known[match[0]])
        elif match:
            # The right spelling is already in the column: use it exactly as the column writes it.
            changes[value] = next(str(v) for v in counts.index if _letters(str(v)) == match[0])
    return changes


def _typo(word: str, right: str) -> bool:
    """One slip of the keyboard (two in a long word): a letter missed, added, changed or swapped.

    Closeness alone is not enough: ``Austria`` is close to ``Australia`` and ``Financial Data
    Services`` to ``Financial Services``, and both are real, different labels.
    """
    return _edits(word, right) <= (1 if len(right) < 10 else 2)


def _edits(a: str, b: str) -> int:
    """Optimal-string-alignment distance (Levenshtein plus adjacent swaps)."""
    if abs(len(a) - len(b)) > 2:
        return 3
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def _in_case_of(labels: pd.Index, word: str) -> str:
    """``word`` written the way most of the column's labels are (Maven writes ``technology``)."""
    texts = [str(v) for v in labels]
    if sum(t.islower() for t in texts) * 2 > len(texts):
        return word.lower()
    if sum(t.isupper() for t in texts) * 2 > len(texts):
        return word.upper()
    return word


def _glued(counts: pd.Series, done: dict[str, str]) -> dict[str, str]:
    """``GTXPro`` -> ``GTX Pro`` when both words appear separately in the column's other labels."""
    words: set[str] = set()
    for value in counts.index:
        words.update(w for w in str(value).split(" ") if w)
    changes = {}
    kept = set(done.values())  # a spelling another rule chose (``Healthcare`` for ``Health care``) stays
    for value in counts.index:
        value = str(value)
        if " " in value or value in done or value in kept or len(value) < 4:
            continue
        split = _split_into(value, words - {value})
        if split:
            changes[value] = " ".join(split)
    return changes


def _split_into(value: str, words: set[str]) -> list[str] | None:
    """``value`` as two or more known words (case-sensitive, each at least two letters), else None."""
    for cut in range(2, len(value) - 1):
        head, tail = value[:cut], value[cut:]
        if head not in words:
            continue
        if tail in words:
            return [head, tail]
        rest = _split_into(tail, words)
        if rest:
            return [head, *rest]
    return None
