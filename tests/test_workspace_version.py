"""``content_version``: any one cell, name or type changes it; equal content gives the same version."""

from __future__ import annotations

import decimal
import pickle

import numpy as np
import pandas as pd
import pytest

from planner.workspace import content_version


def large_frame(rows: int = 60_000) -> pd.DataFrame:
    generator = np.random.default_rng(3)
    return pd.DataFrame(
        {
            "id": pd.array([f"A{i:07d}" for i in range(rows)], dtype="string"),
            "amount": generator.normal(size=rows),
            "count": pd.array(generator.integers(0, 9, rows), dtype="Int64"),
            "when": pd.to_datetime(generator.integers(0, 10**9, rows), unit="s"),
            "tier": pd.Categorical(generator.choice(["A", "B", "C"], rows)),
        }
    )


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("id", "A0000001 "),
        ("id", pd.NA),
        ("amount", "nudge"),
        ("count", pd.NA),
        ("when", pd.Timestamp("2001-01-01")),
        ("tier", "C"),
    ],
)
def test_one_cell_deep_in_a_large_frame_changes_the_version(column: str, value: object) -> None:
    frame = large_frame()
    edited = frame.copy()
    row = 54_321
    if isinstance(value, str) and value == "nudge":
        value = np.nextafter(frame.at[row, column], np.inf)  # the smallest possible change of a float
    if column == "tier" and frame.at[row, column] == value:
        value = "A"
    edited.loc[row, column] = value
    assert content_version(edited) != content_version(frame)
    assert content_version(frame.copy()) == content_version(frame)


def test_empty_text_and_missing_text_differ() -> None:
    blank = pd.DataFrame({"name": pd.array(["", "x"], dtype="string")})
    missing = pd.DataFrame({"name": pd.array([None, "x"], dtype="string")})
    assert content_version(blank) != content_version(missing)


def test_names_types_and_table_order_count() -> None:
    frame = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0]})
    assert content_version(frame.rename(columns={"a": "c"})) != content_version(frame)
    assert content_version(frame.astype({"a": "int64"})) != content_version(frame)
    assert content_version(frame, None) != content_version(None, frame)


def test_columns_arrow_cannot_hold_are_still_hashed() -> None:
    frame = pd.DataFrame({"mixed": [decimal.Decimal("1.10"), "text"], "n": [1, 2]})
    edited = frame.assign(mixed=[decimal.Decimal("1.20"), "text"])
    assert content_version(edited) != content_version(frame)
    assert content_version(frame.copy()) == content_version(frame)


def test_memory_layout_is_not_content() -> None:
    """Chunks (a concat, a large CSV read), slices and a pickle round trip keep the version."""
    halves = [pd.Series(["a", "b"], dtype="string"), pd.Series(["c", None], dtype="string")]
    chunked = pd.DataFrame({"id": pd.concat(halves, ignore_index=True), "n": [1.0, 2.0, 3.0, 4.0]})
    fresh = pd.DataFrame({"id": pd.array(["a", "b", "c", None], dtype="string"), "n": [1.0, 2.0, 3.0, 4.0]})
    assert content_version(chunked) == content_version(fresh)
    assert content_version(pickle.loads(pickle.dumps(chunked))) == content_version(fresh)
    sliced = fresh.iloc[1:].reset_index(drop=True)
    rebuilt = pd.DataFrame({"id": pd.array(["b", "c", None], dtype="string"), "n": [2.0, 3.0, 4.0]})
    assert content_version(sliced) == content_version(rebuilt)
    assert content_version(fresh.iloc[:0]) != content_version(fresh)
