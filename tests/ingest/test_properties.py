"""Property tests: whatever arrives, ingest works or raises InputError, and never loses a row silently."""

from __future__ import annotations

import csv
import io
import os

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.errors import InputError
from planner.ingest import Source, ingest_tables, map_columns
from planner.ingest.read import _parse_csv, _read_clean_csv
from planner.schema import TABLES

HEADERS = [
    "Account ID", "Account Name", "Industry", "Employees", "Annual Revenue", "Billing Country",
    "Billing State/Province", "Account Owner", "Parent Account", "Stage", "Amount", "Close Date", "Notes",
]  # fmt: skip
CELLS = st.one_of(
    st.sampled_from(["", "Acme", "acme ", "1,234", "1.234,5", "-7", "(3)", "2024-13-45", "03/04/2024", "CA",
                     "USA", "Closed Won", "lost", "n/a", "#N/A", "=1+1", "\"", "é", "\u00a0", "1e309"]),
    st.text(max_size=12),
)  # fmt: skip
SETTINGS = settings(
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _ingest(table: str, data: bytes) -> None:
    try:
        result = ingest_tables(**{table: Source("f.csv", data)})
    except InputError:
        return
    # Usable: every row read is kept or named in a 'skipped' line.
    for name, report in result.report.tables.items():
        skipped = sum(p.count for p in result.report.problems if p.table == name and p.action == "skipped")
        assert report.rows_read - report.rows_kept == skipped


@SETTINGS
@given(st.binary(max_size=400), st.sampled_from(["accounts", "opportunities", "reps"]))
def test_random_bytes_only_raise_input_error(data: bytes, table: str) -> None:
    _ingest(table, data)


@SETTINGS
@given(
    st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8, unique=True),
    st.lists(st.lists(CELLS, min_size=0, max_size=10), max_size=12),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
    st.sampled_from(["accounts", "opportunities"]),
)
def test_csv_like_files_only_raise_input_error(headers, rows, delimiter, encoding, table) -> None:
    _ingest(table, _csv(headers, rows, delimiter).decode().encode(encoding, errors="replace"))


@SETTINGS
@given(
    st.lists(st.lists(CELLS, min_size=3, max_size=3), min_size=1, max_size=10),
    st.lists(st.lists(CELLS, min_size=4, max_size=4), min_size=1, max_size=10),
)
def test_accounts_and_deals_together_only_raise_input_error(account_rows, deal_rows) -> None:
    accounts = _csv(["Account ID", "Account Name", "Parent Account"], account_rows)
    deals = _csv(["Opportunity ID", "Account ID", "Account Name", "Stage"], deal_rows)
    try:
        result = ingest_tables(accounts=Source("a.csv", accounts), opportunities=Source("o.csv", deals))
    except InputError:
        return
    linked = result.opportunities["account_id"].dropna()
    assert linked.isin(result.accounts["account_id"]).all()  # a link always points at a kept account


def _csv(header: list[str], rows: list[list[str]], delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows([header, *rows])
    return buffer.getvalue().encode()


@SETTINGS
@given(
    st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6, unique=True),
    st.lists(st.lists(CELLS, min_size=1, max_size=6), min_size=1, max_size=10),
    st.sampled_from([",", ";", "\t"]),
)
def test_fast_and_careful_csv_readers_agree(headers, rows, delimiter) -> None:
    width = len(headers)
    rows = [(row + [""] * width)[:width] for row in rows]  # no ragged rows: both readers must accept them
    data = _csv(headers, rows, delimiter)
    fast = _read_clean_csv(data, "utf-8", delimiter, 0)
    if fast is None:
        return
    careful, ragged = _parse_csv(data, "f.csv", "utf-8", delimiter, 0, allow_fast=False)
    assert ragged == ()
    pd.testing.assert_frame_equal(fast.astype("string"), careful.astype("string"), check_index_type=False)


@SETTINGS
@given(st.lists(st.text(min_size=0, max_size=25), max_size=15), st.sampled_from(sorted(TABLES)))
def test_any_headers_map_or_raise_input_error(headers: list[str], table: str) -> None:
    try:
        mapping = map_columns(TABLES[table], headers)
    except InputError:
        return
    sources = [s for s in mapping.columns.values() if s]
    assert len(sources) == len(set(sources))  # a column feeds at most one canonical column
    assert set(sources) | set(mapping.ignored) == set(headers)
