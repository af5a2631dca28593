"""The whole ingest: canonical tables, links between them, and a report that accounts for every row."""

from __future__ import annotations

import pandas as pd
import pytest

from planner.errors import InputError
from planner.ingest import INFO, WARNING, Source, ingest_tables
from planner.ingest.report import IngestReport, Problem
from planner.schema import ACCOUNTS, LOST, OPEN, OPPORTUNITIES, REPS, WON, Account, Opportunity, Rep

ACCOUNTS_CSV = b"""Account ID,Account Name,Industry,Employees,Annual Revenue,Billing Country,\
Billing State/Province,Account Owner,Parent Account
A1,Acme,Software,1200,"5,000,000",USA,California,Ann Lee,
A2,Beta,Retail,80,,United States,TX,Bob Ray,Acme
A3,Gamma,technolgy,-5,1000,Germany,,Ann Lee,Nobody Inc
A1,Acme duplicate,Software,10,1,USA,CA,Ann Lee,
,Delta,Retail,40,1,USA,NY,Cy Dee,
"""
OPPS_CSV = b"""Opportunity ID,Account ID,Account Name,Opportunity Owner,Stage,Amount,Created Date,Close Date
O1,A1,Acme,Ann Lee,Closed Won,"1,000",2024-01-01,2024-03-01
O2,,beta,Bob Ray,Closed Lost,0,2024-01-05,2024-02-01
O3,ZZ,Unknown Co,Bob Ray,Negotiation,500,2024-02-01,
O4,,,Zed Stranger,Prospecting,,2024-02-02,
O1,A2,Beta,Bob Ray,Won,5,2024-01-01,2024-01-02
O5,A2,Beta,Bob Ray,closed-won,7,2024-03-01,2024-02-01
"""
REPS_CSV = b"""Rep,Manager,Region,Annual Quota,Capacity
Ann Lee,Max Boss,West,1000000,100
Bob Ray,Max Boss,South,n/a,80
"""


def _ingest(**files: bytes):
    return ingest_tables(**{table: Source(f"{table}.csv", data) for table, data in files.items()})


def _problem(report, table: str, words: str):
    matches = [p for p in report.problems if p.table == table and words in p.reason]
    assert matches, f"no {table} problem mentioning {words!r}: {[p.reason for p in report.problems]}"
    return matches[0]


@pytest.fixture(scope="module")
def result():
    return _ingest(accounts=ACCOUNTS_CSV, opportunities=OPPS_CSV, reps=REPS_CSV)


def test_every_canonical_column_is_present_with_its_dtype(result) -> None:
    for frame, spec in (
        (result.accounts, ACCOUNTS),
        (result.opportunities, OPPORTUNITIES),
        (result.reps, REPS),
    ):
        assert set(spec.names) <= set(frame.columns)
        for column in spec.columns:
            dtype = str(frame[column.name].dtype)
            expected = {"number": "float64", "date": "datetime64[ns]"}.get(column.kind, "string")
            assert dtype == expected, (spec.name, column.name, dtype)
        assert isinstance(frame.index, pd.RangeIndex)
    assert {Account.SIZE_BAND, Account.SEGMENT} <= set(result.accounts.columns)
    assert {Opportunity.OUTCOME, Opportunity.CYCLE_DAYS} <= set(result.opportunities.columns)


def test_bad_account_rows_are_reported_with_excel_row_numbers(result) -> None:
    report = result.report
    duplicate = _problem(report, "accounts", "duplicate")
    assert (duplicate.rows, duplicate.action, duplicate.level) == ((5,), "skipped", WARNING)
    negative = _problem(report, "accounts", "negative")
    assert negative.rows == (4,) and negative.column == "Employees"
    assert _problem(report, "accounts", "no account id").rows == (6,)
    assert report.tables["accounts"].rows_read == 5
    assert report.tables["accounts"].rows_kept == len(result.accounts) == 4


def test_accounts_are_normalised_and_located(result) -> None:
    accounts = result.accounts.set_index(Account.ID)
    assert accounts.loc["A1", Account.STATE] == "CA"
    assert accounts.loc["A1", Account.COUNTRY] == "United States"
    assert accounts.loc["A1", Account.REGION] == "West"
    assert accounts.loc["A1", Account.REVENUE] == 5_000_000
    assert accounts.loc["A1", Account.SEGMENT] == "Software | West | 1,000-4,999"
    assert accounts.loc["A3", Account.INDUSTRY] == "Technology"
    assert pd.isna(accounts.loc["A3", Account.EMPLOYEES])
    assert accounts.loc["A2", Account.PARENT] == "A1"  # parent given by name, resolved to its id
    assert pd.isna(accounts.loc["A3", Account.PARENT])
    assert _problem(result.report, "accounts", "parent account not found").rows == (4,)
    assert accounts.loc["Delta", Account.NAME] == "Delta"  # no id: the name serves
    assert accounts[[Account.LAT, Account.LON]].notna().all().all()


def test_opportunities_link_by_id_then_name_and_keep_unknowns(result) -> None:
    opps = result.opportunities.set_index(Opportunity.ID)
    assert opps.loc["O1", Opportunity.ACCOUNT_ID] == "A1"
    assert opps.loc["O2", Opportunity.ACCOUNT_ID] == "A2"  # by name, case-insensitive
    assert opps.loc["O2", Opportunity.ACCOUNT_NAME] == "Beta"
    assert pd.isna(opps.loc["O3", Opportunity.ACCOUNT_ID])
    assert _problem(result.report, "opportunities", "account not in the accounts file").rows == (4,)
    assert _problem(result.report, "opportunities", "no account given").rows == (5,)
    assert _problem(result.report, "opportunities", "duplicate").rows == (6,)
    assert len(result.opportunities) == 5


def test_outcomes_cycles_and_lost_zero_amounts(result) -> None:
    opps = result.opportunities.set_index(Opportunity.ID)
    assert opps[Opportunity.OUTCOME].to_dict() == {"O1": WON, "O2": LOST, "O3": OPEN, "O4": OPEN, "O5": WON}
    assert opps.loc["O1", Opportunity.CYCLE_DAYS] == 60
    assert pd.isna(opps.loc["O3", Opportunity.CYCLE_DAYS])  # open deals have no cycle yet
    assert pd.isna(opps.loc["O5", Opportunity.CYCLE_DAYS])  # closed before created
    assert _problem(result.report, "opportunities", "close date before").rows == (7,)
    lost_zero = _problem(result.report, "opportunities", "amount 0")
    assert (lost_zero.rows, lost_zero.level) == ((3,), INFO)
    assert opps.loc["O2", Opportunity.AMOUNT] == 0


def test_reps_file_and_owners_it_misses(result) -> None:
    assert result.reps[Rep.NAME].tolist() == ["Ann Lee", "Bob Ray"]
    assert pd.isna(result.reps.loc[1, Rep.QUOTA])
    missing = _problem(result.report, "reps", "owners not in the reps file")
    assert "Zed Stranger" in missing.reason and "Cy Dee" in missing.reason


def test_no_row_is_lost_without_a_line_in_the_report(result) -> None:
    for name, table in result.report.tables.items():
        skipped = sum(p.count for p in result.report.problems if p.table == name and p.action == "skipped")
        assert table.rows_read - table.rows_kept == skipped, name


def test_opportunities_alone_derive_accounts_and_reps() -> None:
    result = _ingest(opportunities=OPPS_CSV)
    assert set(result.accounts[Account.ID]) == {"A1", "A2", "ZZ", "beta"}
    assert result.accounts.set_index(Account.ID).loc["A1", Account.OWNER] == "Ann Lee"
    assert set(result.reps[Rep.NAME]) == {"Ann Lee", "Bob Ray", "Zed Stranger"}
    assert result.report.tables["accounts"].derived and result.report.tables["reps"].derived
    assert _problem(result.report, "accounts", "no accounts file").level == INFO
    assert _problem(result.report, "reps", "no reps file").level == INFO


def test_overrides_change_the_mapping() -> None:
    data = b"Company,Sector,Sub Sector\nAcme,Tech,Software\n"
    default = _ingest(accounts=data)
    assert default.accounts[Account.INDUSTRY].tolist() == ["Tech"]
    chosen = ingest_tables(
        accounts=Source("a.csv", data), overrides={"accounts": {Account.INDUSTRY: "Sub Sector"}}
    )
    assert chosen.accounts[Account.INDUSTRY].tolist() == ["Software"]
    assert chosen.report.mapping("accounts")[Account.INDUSTRY] == "Sub Sector"


@pytest.mark.parametrize(
    ("files", "words"),
    [
        ({}, "no data given"),
        ({"opportunities": b"Deal,Stage\nx,Won\n"}, "neither an account id nor an account name"),
        ({"accounts": b"Name\n\n  \n"}, "no usable rows"),
        ({"accounts": b"Account Name\nAcme\n", "reps": b"Manager\nBoss\n"}, "Rep"),
    ],
)
def test_unusable_inputs_raise_input_error(files: dict[str, bytes], words: str) -> None:
    with pytest.raises(InputError, match=words):
        _ingest(**files)


def test_unknown_override_table_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown table"):
        ingest_tables(accounts=Source("a.csv", b"Name\nAcme\n"), overrides={"deals": {}})


def test_demo_export_loads_cleanly(demo_workspace) -> None:
    from planner.workspace import Workspace

    workspace = demo_workspace
    report = workspace.report
    assert (
        len(workspace.accounts) >= 5000
        and len(workspace.opportunities) >= 15000
        and len(workspace.reps) >= 20
    )
    assert not report.warnings, [p.message() for p in report.warnings]
    assert report.mapping("opportunities")[Opportunity.LOST_AT_STAGE] == "Stage at Loss"
    assert workspace.opportunities[Opportunity.ACCOUNT_ID].notna().all()
    assert set(workspace.opportunities[Opportunity.OUTCOME]) == {WON, LOST, OPEN}
    assert Workspace.demo().version == workspace.version  # deterministic


def test_problems_frame_has_one_row_per_problem(result) -> None:
    frame = result.report.problems_frame()
    assert len(frame) == len(result.report.problems)
    duplicate = frame[frame["reason"].str.contains("duplicate") & (frame["table"] == "accounts")].iloc[0]
    assert (duplicate["rows"], duplicate["example_rows"], duplicate["action"]) == (1, "5", "skipped")
    assert frame.loc[frame["level"] == INFO, "rows"].isna().any()  # table-wide notes name no rows


def test_workspace_from_uploaded_xlsx_bytes(tmp_path) -> None:
    from planner.workspace import Workspace

    frame = pd.DataFrame(
        {"Company": ["Acme", "Beta"], "Industry": ["Retail", "Software"], "Employees": [10, 20]}
    )
    frame.to_excel(tmp_path / "accounts.xlsx", index=False)
    workspace = Workspace.from_files(accounts=("accounts.xlsx", (tmp_path / "accounts.xlsx").read_bytes()))
    assert workspace.label == "accounts.xlsx"
    assert workspace.accounts[Account.EMPLOYEES].tolist() == [10.0, 20.0]
    assert workspace.report.tables["accounts"].sheet == "Sheet1"
    assert len(workspace.version) == 16


def test_accounts_alone_give_empty_but_complete_deal_and_rep_tables() -> None:
    result = _ingest(accounts=b"Account Name,Industry\nAcme,Retail\n")
    assert len(result.opportunities) == 0 and len(result.reps) == 0
    assert str(result.opportunities[Opportunity.CLOSED].dtype) == "datetime64[ns]"
    assert {Opportunity.OUTCOME, Opportunity.CYCLE_DAYS} <= set(result.opportunities.columns)
    assert set(REPS.names) <= set(result.reps.columns)
    assert _problem(result.report, "opportunities", "no opportunities file").level == INFO


def test_derived_accounts_merge_spellings_of_one_name() -> None:
    deals = (
        b"Deal ID,Account,Owner,Stage\n"
        b"D1,Acme,Ann,Won\nD2,acme ,Bob,Lost\nD3,Beta,Bob,Open\nD4,ACME,Ann,Open\n"
    )
    result = _ingest(opportunities=deals)
    assert result.accounts[Account.ID].tolist() == ["Acme", "Beta"]
    assert result.accounts[Account.OWNER].tolist() == ["Ann", "Bob"]
    assert str(result.accounts[Account.ID].dtype) == "string"
    assert result.opportunities[Opportunity.ACCOUNT_ID].tolist() == ["Acme", "Acme", "Beta", "Acme"]


def test_deal_linked_by_a_name_two_accounts_share_is_reported() -> None:
    accounts = b"Account ID,Account Name\nA1,Acme\nA2,Acme\nA3,Beta\n"
    deals = b"Opportunity ID,Account Name,Stage\nO1,Acme,Won\nO2,Beta,Lost\n"
    result = _ingest(accounts=accounts, opportunities=deals)
    assert result.opportunities[Opportunity.ACCOUNT_ID].tolist() == ["A1", "A3"]
    shared = _problem(result.report, "opportunities", "shared by several accounts")
    assert (shared.rows, shared.level) == ((2,), WARNING)


MESSY_ACCOUNTS = b"""Account ID,Account Name,Industry,Region,Billing State/Province,Annual Revenue,\
Account Owner
A1,Acme,Retail,West,Ontario,"$3.5 million",Ann Lee
A2,Beta,retail,west,ontario,3.5M,ann lee
A3,Gamma, Retail ,West,Ontario,$2.1k,Ann  Lee

A4,Delta,RETAIL,WEST,ONTARIO,1.2 bn,Bob Ray
A5,Eps,Software,East,Quebec,\xe2\x82\xac2.000.000,bob ray
A6,Zeta,Software,East,Quebec,1500000.50,Bob Ray
A7,Eta,Software,East,Quebec,a lot,Bob Ray
"""
MESSY_DEALS = b"""Opportunity ID,Account ID,Opportunity Owner,Stage,Amount
O1,A1,ANN LEE,Closed Won,"1,000"
O2,A5,Bob  Ray,Closed Lost,20
"""


@pytest.fixture(scope="module")
def messy():
    return _ingest(accounts=MESSY_ACCOUNTS, opportunities=MESSY_DEALS)


def test_money_with_scale_words_and_european_grouping_is_read_and_the_rest_reported(messy) -> None:
    revenue = messy.accounts.set_index(Account.ID)[Account.REVENUE]
    read = revenue[["A1", "A2", "A3", "A4", "A5", "A6"]].tolist()
    assert read == [3.5e6, 3.5e6, 2100, 1.2e9, 2e6, 1500000.5]
    assert pd.isna(revenue["A7"])
    unreadable = _problem(messy.report, "accounts", "not a readable number")
    assert (unreadable.rows, unreadable.column, unreadable.level) == ((9,), "Annual Revenue", WARNING)


def test_case_and_spacing_variants_of_labels_merge_into_the_most_common_spelling(messy) -> None:
    accounts = messy.accounts
    assert set(accounts[Account.INDUSTRY]) == {"Retail", "Software"}
    assert set(accounts[Account.REGION]) == {"West", "East"}
    assert set(accounts[Account.STATE]) == {"Ontario", "Quebec"}
    merged = [p for p in messy.report.problems if p.column == "Industry" and "merged into" in p.reason]
    assert [(p.level, p.count) for p in merged] == [(INFO, 2)]
    assert "'retail' (1 row) and 'RETAIL' (1 row) merged into 'Retail'" in merged[0].reason
    assert "'WEST' (1 row)" in _problem(messy.report, "accounts", "merged into 'West'").reason


def test_owner_spellings_are_unified_across_tables_without_merging_different_people(messy) -> None:
    assert set(messy.accounts[Account.OWNER]) == {"Ann Lee", "Bob Ray"}
    assert set(messy.opportunities[Opportunity.OWNER]) == {"Ann Lee", "Bob Ray"}
    assert sorted(messy.reps[Rep.NAME]) == ["Ann Lee", "Bob Ray"]
    deals = _problem(messy.report, "opportunities", "merged into 'Ann Lee'")
    assert deals.column == "Opportunity Owner" and "'ANN LEE' (1 row)" in deals.reason
    accounts = _problem(messy.report, "accounts", "merged into 'Ann Lee'")
    assert "ANN LEE" not in accounts.reason and "0 rows" not in accounts.reason  # the deals' spelling


def test_the_reps_file_spelling_wins_for_owners_and_its_managers_are_one_spelling() -> None:
    reps = (
        b"Rep,Region,Manager\n"
        b"ann lee,West,Max Boss\nBOB RAY,East,max boss\nCy Dee,east,Max Boss\n"
        b"Di Fox,East,\n"
    )
    result = _ingest(accounts=MESSY_ACCOUNTS, opportunities=MESSY_DEALS, reps=reps)
    assert result.reps[Rep.MANAGER].tolist()[:3] == ["Max Boss"] * 3
    assert result.reps[Rep.REGION].tolist() == ["West", "East", "East", "East"]
    assert set(result.accounts[Account.OWNER]) == {"ann lee", "BOB RAY"}
    assert set(result.opportunities[Opportunity.OWNER]) == {"ann lee", "BOB RAY"}
    assert not [p for p in result.report.problems if "owners not in the reps file" in p.reason]


def test_empty_rows_count_as_set_aside_with_their_row_numbers(messy) -> None:
    table = messy.report.tables["accounts"]
    assert (table.rows_read, table.rows_kept) == (8, 7)
    empty = _problem(messy.report, "accounts", "empty row")
    assert (empty.rows, empty.count, empty.action) == ((5,), 1, "skipped")
    frame = messy.report.problems_frame()
    assert frame.loc[frame["reason"].str.startswith("empty row"), "rows"].tolist() == [1]


def test_a_problem_without_row_numbers_shows_none_not_an_ellipsis() -> None:
    merged = Problem("accounts", "a.csv", "'retail' merged", "changed", "Industry", (), 40, INFO)
    listed = Problem("accounts", "a.csv", "duplicate account ID", "skipped", "ID", tuple(range(2, 32)), 30)
    frame = IngestReport(problems=(merged, listed)).problems_frame()
    assert frame["example_rows"].tolist() == ["", ", ".join(str(r) for r in range(2, 22)) + ", ..."]
