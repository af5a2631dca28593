"""Reading bytes into text cells: encodings, delimiters, quoting, Excel row numbers, unreadable files."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from planner.errors import InputError
from planner.ingest.read import MAX_CELL_CHARS, _has_blank_line, detect_encoding, read_table, sniff_delimiter
from planner.ingest.report import TableReport

TEXT = "Account Name,City\nMüller GmbH,Köln\nCafé Crème,Paris\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("utf-8-sig"), "utf-8-sig"),
        (TEXT.encode("cp1252"), "cp1252"),
        (TEXT.encode("utf-16"), "utf-16"),
    ],
)
def test_encodings_are_detected_and_accents_survive(data: bytes, encoding: str) -> None:
    raw = read_table(data, "accounts.csv")
    assert raw.encoding == encoding
    assert list(raw.frame.columns) == ["Account Name", "City"]
    assert raw.frame["Account Name"].tolist() == ["Müller GmbH", "Café Crème"]


@pytest.mark.parametrize(
    ("encoding", "label"),
    [
        ("utf-8", "UTF-8"),
        ("utf-8-sig", "UTF-8 with BOM"),
        ("cp1252", "Windows-1252 (Western European)"),
        ("latin-1", "Latin-1 (ISO-8859-1)"),
        ("utf-16", "UTF-16 (Unicode text)"),
        ("tis-620", "TIS-620"),  # unlisted: at least not Python's spelling
    ],
)
def test_the_report_names_encodings_as_people_know_them(encoding: str, label: str) -> None:
    report = TableReport("accounts", "a.csv", 1, 1, {}, encoding=encoding, delimiter=";")
    assert report.format_label == f"{label}, semicolon-separated"


def test_cp1252_only_characters_decode_as_cp1252() -> None:
    # The euro sign and curly quotes are 0x80/0x93/0x94 in cp1252 and control codes in latin-1.
    data = "Name,Note\nAcme,“5 €”\n".encode("cp1252")
    assert detect_encoding(data, "x.csv") == "cp1252"
    assert read_table(data, "x.csv").frame["Note"].iloc[0] == "“5 €”"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_is_sniffed(delimiter: str) -> None:
    lines = [delimiter.join(["Name", "Stage", "Amount"]), delimiter.join(["Acme", "Won", "10"])]
    raw = read_table(("\n".join(lines) + "\n").encode(), "deals.csv")
    assert raw.delimiter == delimiter
    assert raw.frame.shape == (1, 3)


def test_sniffer_prefers_the_common_field_count_over_a_title_line() -> None:
    assert sniff_delimiter(["Report; quarterly", "a,b,c", "1,2,3", "4,5,6"]) == ","


def test_quoted_fields_keep_commas_and_newlines_and_row_numbers_follow_excel() -> None:
    data = b'Name,Notes\n"Acme, Inc","two\nlines"\n\nBeta,plain\n'
    raw = read_table(data, "a.csv")
    assert raw.frame["Name"].tolist() == ["Acme, Inc", "Beta"]
    assert raw.frame["Notes"].iloc[0] == "two\nlines"
    # Excel shows the quoted record as row 2, the blank line as row 3 and Beta as row 4.
    assert raw.frame.index.tolist() == [2, 4]
    assert raw.blank_rows == (3,)


def test_rows_with_extra_cells_are_set_aside_with_their_row_number() -> None:
    raw = read_table(b"a,b\n1,2\n3,4,5\n6,7\n", "x.csv")
    assert raw.ragged_rows == (3,)
    assert raw.frame.index.tolist() == [2, 4]


def test_excel_sep_hint_and_report_title_lines_are_skipped() -> None:
    raw = read_table(b"sep=;\nName;Stage\nAcme;Won\n", "x.csv")
    assert raw.delimiter == ";"
    assert raw.frame.index.tolist() == [3]
    raw = read_table(b"My report\n\nName,Stage,Amount\nAcme,Won,1\n", "x.csv")
    assert list(raw.frame.columns) == ["Name", "Stage", "Amount"]
    assert raw.frame.index.tolist() == [4]


def test_report_footer_after_a_blank_line_is_ignored_not_read_as_a_record() -> None:
    raw = read_table(b"Name,Stage,Amount\nAcme,Won,1\nBeta,Lost,2\n\nGrand Totals (2 records)\n", "x.csv")
    assert raw.frame["Name"].tolist() == ["Acme", "Beta"]
    assert raw.footer == ("Grand Totals (2 records)",)


def test_blank_and_repeated_headers_get_readable_names() -> None:
    raw = read_table(b"Stage,Stage,,x\n1,2,3,4\n", "x.csv")
    assert list(raw.frame.columns) == ["Stage", "Stage (2)", "column 3", "x"]


def test_xlsx_uses_the_first_sheet_with_data_and_excel_row_numbers() -> None:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as book:
        pd.DataFrame({"Read me": []}).to_excel(book, sheet_name="Notes", index=False)
        frame = pd.DataFrame({"Name": ["Acme", None, "Beta"], "Employees": [10, None, 20]})
        frame.to_excel(book, sheet_name="Accounts", index=False, startrow=2)
    raw = read_table(buffer.getvalue(), "book.xlsx")
    assert raw.sheet == "Accounts"
    assert raw.frame["Name"].tolist() == ["Acme", "Beta"]
    assert raw.frame.index.tolist() == [4, 6]  # header on Excel row 3, a blank row 5


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"\n \r\n", "empty"),
        (b"\xef\xbb\xbf\r\n\x00 ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50, ".xls"),
        (b"PK\x03\x04broken", "Excel workbook"),
        (b'a,b\n"open,1\n2,3\n', "unmatched double quote"),
    ],
)
def test_unreadable_files_raise_input_error_with_a_clear_message(data: bytes, words: str) -> None:
    with pytest.raises(InputError, match=r"x\.csv") as error:
        read_table(data, "x.csv")
    assert words in str(error.value)


def test_only_blank_lines_inside_the_table_count_not_trailing_ones() -> None:
    """Trailing line ends keep the fast reader; a blank line inside sends the file to the row-exact one."""
    assert not _has_blank_line(b"a,b\n1,2\n")
    assert not _has_blank_line(b"a,b\n1,2\n\n\r\n \n")
    assert _has_blank_line(b"a,b\n\n1,2\n")
    assert _has_blank_line(b"a,b\r\n\r\n1,2\r\n")
    assert read_table(b"a,b\n1,2\n\n\n", "x.csv").frame.index.tolist() == [2]


def test_giant_cell_names_row_and_column() -> None:
    data = b"Name,Notes\nAcme,ok\nBeta," + b"y" * (MAX_CELL_CHARS + 1) + b"\n"
    with pytest.raises(InputError) as error:
        read_table(data, "x.csv")
    assert (error.value.row, error.value.column) == (3, "Notes")
