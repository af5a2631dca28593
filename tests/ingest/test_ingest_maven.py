"""The public Maven CRM export loads through the same ingest with automatic mapping."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.schema import LOST, OPEN, WON, Account, Opportunity, Rep
from planner.workspace import Workspace


@pytest.fixture(scope="module")
def maven(request) -> Workspace:
    folder: Path = request.getfixturevalue("maven_dir")
    return Workspace.from_files(
        accounts=folder / "accounts.csv",
        opportunities=folder / "sales_pipeline.csv",
        reps=folder / "sales_teams.csv",
    )


@pytest.fixture(scope="module")
def maven_dir():
    from tests.conftest import shared_dataset

    return shared_dataset("maven-crm")


def test_every_row_is_kept_and_counted(maven: Workspace) -> None:
    tables = maven.report.tables
    assert (tables["accounts"].rows_kept, tables["opportunities"].rows_kept, tables["reps"].rows_kept) == (
        85,
        8800,
        35,
    )
    assert not any(p.action == "skipped" for p in maven.report.problems)


def test_deals_join_accounts_by_name(maven: Workspace) -> None:
    opps = maven.opportunities
    linked = opps[Opportunity.ACCOUNT_ID].notna()
    assert linked.sum() == 8800 - 1425
    assert set(opps.loc[linked, Opportunity.ACCOUNT_ID]) <= set(maven.accounts[Account.ID])
    no_account = next(p for p in maven.report.problems if p.reason == "no account given")
    assert no_account.count == 1425 and no_account.action.startswith("kept")


def test_stages_and_lost_zero_values(maven: Workspace) -> None:
    outcomes = maven.opportunities.groupby(Opportunity.STAGE)[Opportunity.OUTCOME].first().to_dict()
    assert outcomes == {"Won": WON, "Lost": LOST, "Engaging": OPEN, "Prospecting": OPEN}
    lost_zero = next(p for p in maven.report.problems if "amount 0" in p.reason)
    assert (
        lost_zero.level == "info"
        and lost_zero.count == (maven.opportunities[Opportunity.OUTCOME] == LOST).sum()
    )


def test_typos_are_fixed_and_reported(maven: Workspace) -> None:
    assert "technolgy" not in set(maven.accounts[Account.INDUSTRY])
    assert "technology" in set(maven.accounts[Account.INDUSTRY])
    assert "Philippines" in set(maven.accounts[Account.COUNTRY])
    assert "GTXPro" not in set(maven.opportunities[Opportunity.PRODUCT])
    reasons = " ".join(p.reason for p in maven.report.problems)
    for change in ("'technolgy' -> 'technology'", "'Philipines' -> 'Philippines'", "'GTXPro' -> 'GTX Pro'"):
        assert change in reasons


def test_subsidiaries_and_reps(maven: Workspace) -> None:
    parents = maven.accounts[Account.PARENT].dropna()
    assert len(parents) == 15 and set(parents) <= set(maven.accounts[Account.ID])
    assert maven.reps[Rep.MANAGER].nunique() == 6
    assert set(maven.opportunities[Opportunity.OWNER]) <= set(maven.reps[Rep.NAME])
