"""Arrow-backed membership, lookup and duplicate tests agree with pandas, also on chunked columns."""

from __future__ import annotations

import pandas as pd

from planner.ingest.lookup import duplicated, is_in, lookup, positions, take


def _chunked(values: list) -> pd.Series:
    # concat keeps Arrow chunks apart, as a large CSV read does
    halves = [pd.Series(values[:3], dtype="string"), pd.Series(values[3:], dtype="string")]
    return pd.concat(halves, ignore_index=True)


def test_is_in_and_duplicated_match_pandas() -> None:
    values = _chunked(["a", "b", None, "a", "c", None, "b"])
    assert is_in(values, pd.Series(["a", "c"], dtype="string")).tolist() == [
        True,
        False,
        False,
        True,
        True,
        False,
        False,
    ]
    assert duplicated(values).tolist() == [False, False, False, True, False, False, True]


def test_is_in_with_few_filled_cells_among_many_values_matches_pandas() -> None:
    """The sparse path (the filled cells hashed instead of the values) gives the same answer."""
    ids = pd.Series([f"id{i}" for i in range(1_000)] + [None], dtype="string")
    parents = pd.Series([None] * 990 + ["id3", "id999", "nope", "id3", None] + [None] * 5, dtype="string")
    expected = parents.isin(ids.dropna()).fillna(False).tolist()
    assert is_in(parents, ids).tolist() == expected
    assert sum(expected) == 3


def test_lookup_takes_the_first_match_and_leaves_misses_missing() -> None:
    keys = pd.Series(["x", "y", "x"], dtype="string")
    found = lookup(_chunked(["y", "q", None, "x"]), keys, pd.Series(["1", "2", "3"], dtype="string"))
    assert found.tolist() == ["2", pd.NA, pd.NA, "1"]
    assert str(found.dtype) == "string"


def test_positions_then_take_is_a_lookup_that_hashes_the_keys_once() -> None:
    keys = _chunked(["x", "y", "x", "z"])
    at = positions(pd.Series(["z", None, "x", "nope"], dtype="string"), keys)
    assert at.tolist() == [3, -1, 0, -1]
    names = pd.Series(["X corp", "Y corp", "X again", "Z corp"], dtype="string")
    taken = take(names, at, pd.Index(["d1", "d2", "d3", "d4"]))
    assert taken.tolist() == ["Z corp", pd.NA, "X corp", pd.NA]
    assert taken.index.tolist() == ["d1", "d2", "d3", "d4"]
