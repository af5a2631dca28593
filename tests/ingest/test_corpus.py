"""A corpus of broken and messy exports (``corpus/``): each gives a clear message or loads with a report."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.errors import InputError
from planner.ingest import Source, ingest_tables

CORPUS = Path(__file__).parent / "corpus"

# file -> words the InputError must contain (the file cannot be used).
UNUSABLE = {
    "empty.csv": "the file is empty",
    "whitespace_only.csv": "the file is empty",
    "header_only.csv": "header row but no data rows",
    "binary_png.csv": "binary data",
    "legacy_excel.xls": "legacy Excel .xls",
    "fake_xlsx.xlsx": "could not be read as an Excel workbook",
    "unclosed_quote.csv": "unmatched double quote",
    "giant_cell.csv": "32,767",
    "missing_required.csv": "Columns found: Company Size, Sector",
    "all_names_blank.csv": "no usable rows",
}

# file -> (table, rows kept, words some report line must contain).
USABLE = {
    "cp1252_semicolon.csv": ("accounts", 2, "decimal comma"),
    "utf8_bom_tab.tsv": ("accounts", 2, "US state"),
    "utf16_excel_unicode.txt": ("accounts", 2, "account names serve as ids"),
    "salesforce_report_preamble.csv": ("accounts", 2, "Grand Totals"),
    "ragged_and_duplicates.csv": ("accounts", 3, "more cells than the header"),
    "opps_dates_mixed.csv": ("opportunities", 4, "not a readable date"),
    "workbook_second_sheet.xlsx": ("accounts", 2, "'technolgy' -> 'Technology'"),
}


def test_every_corpus_file_has_an_expectation() -> None:
    assert {p.name for p in CORPUS.iterdir()} == set(UNUSABLE) | set(USABLE)


@pytest.mark.parametrize(("name", "words"), sorted(UNUSABLE.items()))
def test_unusable_file_gives_a_clear_message(name: str, words: str) -> None:
    with pytest.raises(InputError) as error:
        ingest_tables(accounts=Source.of(CORPUS / name))
    message = str(error.value)
    assert words in message
    assert name in message  # the message says which file
    assert "Traceback" not in message and "\n" not in message


@pytest.mark.parametrize(("name", "expected"), sorted(USABLE.items()))
def test_messy_file_loads_and_the_report_says_what_was_done(
    name: str, expected: tuple[str, int, str]
) -> None:
    table, rows, words = expected
    result = ingest_tables(**{table: Source.of(CORPUS / name)})
    assert len(getattr(result, table)) == rows
    lines = [p.message() for p in result.report.problems]
    assert any(words in line for line in lines), lines
