"""The Excel/CRM-safe CSV writer: Arrow path, its pandas fallback, and the bytes both write."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner import export
from planner.export import BOM, to_csv_bytes, write_csv

DANGEROUS = ["=SUM(A1:A9)", "+44 20 7946", "-5", "@cmd", "\tindent", "\rreturn"]


def rows(data: bytes) -> list[list[str]]:
    """The cells as a spreadsheet would see them (BOM stripped, RFC 4180 quoting undone)."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def pandas_bytes(frame: pd.DataFrame) -> bytes:
    """What the writer produced before Arrow: pandas' to_csv of the neutralised frame."""
    buffer = io.StringIO()
    export.safe_frame(frame).to_csv(buffer, index=False, lineterminator="\n")
    return BOM + buffer.getvalue().encode()


def mixed_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": pd.array(["00123", "A-7", None, "0042"], dtype="string"),
            "name": pd.array(["Acme, Inc.", 'Say "hi"', "Zoë", "line\nbreak"], dtype="string"),
            "amount": [97661.0, 0.373, np.nan, 13103582000.0],
            "share": [1e-05, -0.0, 2.5e16, 123456789012.25],
            "count": pd.array([1, None, 3, 4], dtype="Int64"),
            "rank": np.arange(4),
            "won": [True, False, True, False],
            "maybe": pd.array([True, None, False, None], dtype="boolean"),
            "close": pd.to_datetime(["2024-01-05", None, "2024-02-29", "2023-12-31"]),
            "touched": pd.to_datetime(
                ["2024-01-05 10:11:12", None, "2024-02-29 00:00:00", "2023-12-31 23:59:59"]
            ),
            "tier": pd.Categorical(["A", "B", None, "A"]),
        }
    )


def test_arrow_path_writes_the_bytes_pandas_writes() -> None:
    frame = mixed_frame()
    assert export._arrow_body(frame) is not None
    assert to_csv_bytes(frame) == pandas_bytes(frame)


def test_text_that_a_spreadsheet_would_run_gets_an_apostrophe_on_the_arrow_path() -> None:
    frame = pd.DataFrame(
        {
            "name": pd.array([*DANGEROUS, "safe - name", None], dtype="string"),
            "owner": np.array(["=HYPERLINK()", "ok", "x", "y", "z", "w", "v", None], dtype=object),
            "tier": pd.Categorical(["@A", "B", "B", "B", "B", "B", "B", "B"]),
            "value": [-1.5] * 8,
        }
    )
    assert export._arrow_body(frame) is not None
    body = rows(to_csv_bytes(frame))[1:]
    assert [row[0] for row in body] == [*("'" + text for text in DANGEROUS), "safe - name", ""]
    assert [row[1] for row in body][:2] == ["'=HYPERLINK()", "ok"]
    assert body[0][2] == "'@A"
    assert {row[3] for row in body} == {"-1.5"}  # numbers are numbers, negative or not


def test_bom_and_accents_survive() -> None:
    data = to_csv_bytes(pd.DataFrame({"name": pd.array(["Zoë Müller"], dtype="string"), "n": [1.0]}))
    assert data.startswith(b"\xef\xbb\xbf")
    assert rows(data)[1][0] == "Zoë Müller"


def test_ids_keep_leading_zeros_and_numbers_stay_unquoted() -> None:
    frame = pd.DataFrame({"id": pd.array(["00123", "0042"], dtype="string"), "amount": [1234.5, 7.0]})
    text = to_csv_bytes(frame).decode("utf-8-sig")
    assert text == "id,amount\n00123,1234.5\n0042,7.0\n"
    back = pd.read_csv(io.StringIO(text), dtype={"id": "string"})
    assert back["id"].tolist() == ["00123", "0042"]
    assert back["amount"].tolist() == [1234.5, 7.0]


def test_missing_values_are_empty_cells() -> None:
    frame = pd.DataFrame(
        {
            "text": pd.array([None, "x"], dtype="string"),
            "float": [np.nan, 1.0],
            "int": pd.array([None, 2], dtype="Int64"),
            "flag": pd.array([None, True], dtype="boolean"),
            "date": pd.to_datetime([None, "2024-01-05"]),
        }
    )
    assert rows(to_csv_bytes(frame))[1:] == [["", "", "", "", ""], ["x", "1.0", "2", "True", "2024-01-05"]]


def test_a_carriage_return_inside_a_cell_is_quoted_so_rows_read_back() -> None:
    frame = pd.DataFrame({"note": pd.array(["one\rtwo", "plain"], dtype="string"), "n": [1.0, 2.0]})
    data = to_csv_bytes(frame)
    assert b'"one\rtwo"' in data
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back["note"].tolist() == ["one\rtwo", "plain"]


@pytest.mark.parametrize(
    "column",
    [
        pd.Series([decimal.Decimal("1.10"), "=1+1"], dtype=object),
        pd.Series(pd.to_datetime(["2024-01-05 10:00", "2024-01-06 00:00"]).tz_localize("Europe/Paris")),
        pd.Series(pd.to_datetime(["2024-01-05 10:00:00.5", "2024-01-06 00:00:00.0"])),
        pd.Series([dt.timedelta(days=1), dt.timedelta(hours=3)]),
    ],
    ids=["python-objects", "timezone", "sub-second", "timedelta"],
)
def test_frames_arrow_cannot_render_fall_back_to_pandas_still_neutralised(column: pd.Series) -> None:
    frame = pd.DataFrame({"name": pd.array(["=cmd", "ok"], dtype="string"), "odd": column})
    assert export._arrow_body(frame) is None
    data = to_csv_bytes(frame)
    assert data == pandas_bytes(frame)
    assert [row[0] for row in rows(data)[1:]] == ["'=cmd", "ok"]


def test_a_single_column_keeps_its_empty_rows() -> None:
    frame = pd.DataFrame({"name": pd.array(["", None, "x"], dtype="string")})
    assert len(pd.read_csv(io.BytesIO(to_csv_bytes(frame)), encoding="utf-8-sig")) == 3


def test_an_empty_frame_writes_its_header() -> None:
    frame = mixed_frame().iloc[:0]
    assert to_csv_bytes(frame) == pandas_bytes(frame)


def test_write_csv_writes_the_same_bytes(tmp_path) -> None:
    frame = mixed_frame()
    path = write_csv(frame, tmp_path / "out" / "scored.csv")
    assert path.read_bytes() == to_csv_bytes(frame)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True, width=64), min_size=1, max_size=40))
def test_any_float_is_written_as_pandas_writes_it(values: list[float]) -> None:
    with np.errstate(over="ignore", invalid="ignore"):
        rounded = np.round(np.array(values), 2)
    frame = pd.DataFrame({"x": values, "rounded": rounded})
    assert to_csv_bytes(frame) == pandas_bytes(frame)


def test_float_magnitudes_across_the_range_are_written_as_pandas_writes_them() -> None:
    generator = np.random.default_rng(0)
    scale = 10.0 ** generator.integers(-12, 24, 5_000)
    values = generator.normal(size=5_000) * scale
    frame = pd.DataFrame({"x": values, "whole": np.trunc(values), "cents": np.round(values, 2)})
    assert to_csv_bytes(frame) == pandas_bytes(frame)


@pytest.mark.parametrize(
    "second",
    [["c, d", "e, f", "g,h"], ["c, d", None, "g,h"], ["c, d", "plain", "g,h"]],
    ids=["every-cell-quoted", "one-missing", "one-plain"],
)
def test_columns_where_every_cell_needs_quotes_are_quoted_like_pandas(second: list[str | None]) -> None:
    frame = pd.DataFrame(
        {
            "first": pd.array(["a, b", 'say "x", ok', "=1,2"], dtype="string"),
            "n": [1.0, 2.0, 3.0],
            "last": pd.array(second, dtype="string"),
        }
    )
    data = to_csv_bytes(frame)
    assert data == pandas_bytes(frame)
    assert rows(data)[1:] == [
        ["a, b", "1.0", "c, d"],
        ['say "x", ok', "2.0", second[1] or ""],
        ["'=1,2", "3.0", "g,h"],
    ]


def test_blocks_of_rows_join_into_the_bytes_of_one_pass(monkeypatch) -> None:
    """Cut into blocks of two rows, a column quoted whole in one block and cell by cell in the next
    (and a block with a formula to neutralise) still writes exactly what pandas writes."""
    frame = pd.DataFrame(
        {
            "reason": pd.array(["a, b", "c, d", "plain", "e, f", "=1+1"], dtype="string"),
            "amount": [1.0, np.nan, 3.5, 4.0, 5.0],
        }
    )
    monkeypatch.setattr(export, "_BLOCK_ROWS", 2)
    assert to_csv_bytes(frame) == pandas_bytes(frame)
    assert len(rows(to_csv_bytes(frame))) == 6
