"""Typed values from text cells: numbers as exports write them, dates in common formats, ids."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from planner.ingest.clean import date, identifier, number, text


def _numbers(values: list[str | None], **kwargs) -> list[float | None]:
    parsed = number(pd.Series(values, dtype="string"), **kwargs)
    return [None if np.isnan(v) else v for v in parsed.values]


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["1,234", "12", "1,234,567.5"], [1234.0, 12.0, 1234567.5]),
        (["$1,200", "€ 300", "USD 5", "£7.50"], [1200.0, 300.0, 5.0, 7.5]),
        (["(500)", "-20", "1 000"], [-500.0, -20.0, 1000.0]),
        (["1.2M", "5k", "2bn", "3 K"], [1.2e6, 5e3, 2e9, 3e3]),
        (["1.234,56", "12,5", "7"], [1234.56, 12.5, 7.0]),
        (["11-50", "10,001+", "200"], [30.5, 10001.0, 200.0]),
        (["1'250'000", "3\u00a0400"], [1250000.0, 3400.0]),
    ],
    ids=["thousands", "currency", "negative", "suffix", "decimal-comma", "ranges", "swiss-and-nbsp"],
)
def test_numbers_in_export_formats(cells: list[str], expected: list[float]) -> None:
    assert _numbers(cells) == pytest.approx(expected)


def test_unreadable_numbers_are_flagged_and_blank_cells_are_not() -> None:
    parsed = number(pd.Series(["12", "lots", None, "", "n/a?"], dtype="string"))
    assert parsed.invalid.tolist() == [False, True, False, False, True]
    assert parsed.values.isna().tolist() == [False, True, True, True, True]


def test_plain_column_is_read_whole_and_its_non_finite_cells_are_flagged() -> None:
    """An all-plain column takes the one-cast path; 'nan' and 'inf' text are still unreadable, not numbers."""
    assert _numbers(["12", "-3.5", "1e3", None, " 7 ", ".5"]) == [12.0, -3.5, 1000.0, None, 7.0, 0.5]
    parsed = number(pd.Series(["1", "nan", "inf", "2"], dtype="string"))
    assert parsed.invalid.tolist() == [False, True, True, False]


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["1500000.50", "$3.5 million", "USD 2 millions", "2 thousand"], [1500000.5, 3.5e6, 2e6, 2e3]),
        (["1500000.50", "3.5M", "$2.1k", "1.2 bn", "£1.2bn", "3.5 MM"],
         [1500000.5, 3.5e6, 2100, 1.2e9, 1.2e9, 3.5e6]),
        (["1500000.50", "99.95", "12.5", "€2.000.000", "2.000.000,50 EUR", "EUR 1.234,5"],
         [1500000.5, 99.95, 12.5, 2e6, 2000000.5, 1234.5]),
        (["1.234,56", "12,5", "2,000,000", "$1,234.5", "12.5"], [1234.56, 12.5, 2e6, 1234.5, 12.5]),
        (["1500000.50", "-$500", "($1,200)", "-€2.000.000", "-3.5M"], [1500000.5, -500, -1200, -2e6, -3.5e6]),
    ],
    ids=["scale-words", "scale-suffixes", "european-among-dots", "american-among-commas", "negatives"],
)  # fmt: skip
def test_money_with_scale_words_and_unambiguous_grouping(cells: list[str], expected: list[float]) -> None:
    """A cell readable only one way is read that way, whatever the column's convention."""
    assert _numbers(cells) == pytest.approx(expected)


def test_an_ambiguous_cell_follows_its_column_and_unreadable_money_stays_flagged() -> None:
    # One dot group could be a decimal: in a dot-decimal column '€2.000' is two euros, not two thousand.
    assert _numbers(["1500000.50", "€2.000", "1,234"]) == [1500000.5, 2.0, 1234.0]
    parsed = number(pd.Series(["1500000.50", "$3.5 gazillion", "about 5M", "1.2.3,4.5"], dtype="string"))
    assert parsed.invalid.tolist() == [False, True, True, True]


def test_semicolon_file_reads_a_lone_dot_as_thousands() -> None:
    assert _numbers(["1.250", "35"], european=True) == [1250.0, 35.0]
    assert _numbers(["1.250", "35"]) == [1.25, 35.0]


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["2024-03-14", "2023-12-01"], ["2024-03-14", "2023-12-01"]),
        (["03/14/2024", "12/01/2023"], ["2024-03-14", "2023-12-01"]),
        (["14/03/2024", "01/12/2023"], ["2024-03-14", "2023-12-01"]),  # 14 cannot be a month: day-first
        (["14.03.2024"], ["2024-03-14"]),
        (["Mar 14, 2024", "14 Mar 2024"], ["2024-03-14", "2024-03-14"]),
        (["2024-03-14T10:00:00.000+0000", "2024-03-14 23:30:00"], ["2024-03-14", "2024-03-14"]),
        (["45365", "45366"], ["2024-03-14", "2024-03-15"]),  # Excel serial days
    ],
    ids=["iso", "us", "day-first", "dotted", "month-names", "timestamps", "excel-serial"],
)
def test_dates_in_common_formats(cells: list[str], expected: list[str]) -> None:
    parsed = date(pd.Series(cells, dtype="string"))
    assert parsed.values.dt.normalize().tolist() == [pd.Timestamp(d) for d in expected]
    assert not parsed.invalid.any()


def test_ambiguous_dates_follow_the_file_convention() -> None:
    cells = pd.Series(["01/02/2024", "03/04/2024"], dtype="string")
    assert date(cells).values.tolist() == [pd.Timestamp("2024-01-02"), pd.Timestamp("2024-03-04")]
    european = date(cells, day_first=True)
    assert european.values.tolist() == [pd.Timestamp("2024-02-01"), pd.Timestamp("2024-04-03")]
    assert european.note == "dates read as day/month/year"


def test_unreadable_and_out_of_range_dates_are_flagged() -> None:
    parsed = date(pd.Series(["2024-01-05", "soon", None, "1066-10-14"], dtype="string"))
    assert parsed.invalid.tolist() == [False, True, False, True]
    assert str(parsed.values.dtype) == "datetime64[ns]"


def test_text_and_ids_are_trimmed_and_spreadsheet_floats_fixed() -> None:
    assert text(pd.Series(["  Acme   Corp ", "", None], dtype="string")).tolist() == [
        "Acme Corp",
        pd.NA,
        pd.NA,
    ]
    assert identifier(pd.Series(["1001.0", "00123", " A-1 "], dtype="string")).tolist() == [
        "1001",
        "00123",
        "A-1",
    ]
