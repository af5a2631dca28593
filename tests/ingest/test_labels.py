"""Obvious label fixes (typos, case, glued words), each reported as old -> new."""

from __future__ import annotations

import pandas as pd

from planner.ingest.labels import INDUSTRIES, tidy


def test_typo_is_corrected_to_the_vocabulary_in_the_column_case() -> None:
    fixed, changes = tidy(pd.Series(["technolgy", "retail", "technolgy"], dtype="string"), INDUSTRIES)
    assert changes == {"technolgy": "technology"}
    assert fixed.tolist() == ["technology", "retail", "technology"]


def test_typo_uses_the_spelling_already_in_the_column() -> None:
    _, changes = tidy(pd.Series(["Technology", "Technolgy", "Technology"], dtype="string"), INDUSTRIES)
    assert changes == {"Technolgy": "Technology"}


def test_case_and_spacing_variants_merge_into_the_most_common() -> None:
    _, changes = tidy(pd.Series(["Retail", "Retail", "RETAIL", "re-tail"], dtype="string"))
    assert changes == {"RETAIL": "Retail", "re-tail": "Retail"}


def test_glued_words_are_split_when_both_words_are_used_elsewhere() -> None:
    products = pd.Series(["GTXPro", "GTX Basic", "GTX Plus Pro", "MG Special"], dtype="string")
    _, changes = tidy(products)
    assert changes == {"GTXPro": "GTX Pro"}


def test_distinct_real_labels_are_left_alone() -> None:
    values = pd.Series(["Software", "Services", "Marketing", "Medical", "Media"], dtype="string")
    fixed, changes = tidy(values, INDUSTRIES)
    assert changes == {}
    assert fixed.equals(values)


def test_real_labels_that_merely_look_alike_are_not_merged() -> None:
    # Close in spelling but different places and industries (found on Northwind and Fortune 1000 data).
    _, changes = tidy(pd.Series(["Austria", "Germany"], dtype="string"), ["Australia", "Germany"])
    assert changes == {}
    _, changes = tidy(pd.Series(["Financial Data Services", "Retail"], dtype="string"), INDUSTRIES)
    assert changes == {}


def test_swapped_letters_count_as_one_slip() -> None:
    _, changes = tidy(pd.Series(["Reatil", "Software"], dtype="string"), INDUSTRIES)
    assert changes == {"Reatil": "Retail"}


def test_a_label_written_with_and_without_a_space_becomes_one_not_swapped() -> None:
    """Two rules once answered each other ('Health care' -> 'Healthcare' and back) and the swap
    left two industries with a report saying both."""
    values = ["Health care", "Healthcare", "Healthcare", "Retail", "Health", "care"]
    fixed, changes = tidy(pd.Series(values, dtype="string"), INDUSTRIES)
    assert changes == {"Health care": "Healthcare"}
    assert fixed.tolist()[:3] == ["Healthcare"] * 3


def test_a_tie_between_spellings_goes_to_the_one_a_person_would_write() -> None:
    fixed, changes = tidy(pd.Series(["retail", "Retail", "RETAIL", "Retail ", "Energy"], dtype="string"))
    assert set(changes.values()) == {"Retail"}
    assert set(fixed) == {"Retail", "Energy"}
