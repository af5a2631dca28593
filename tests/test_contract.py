"""Every dataset through the whole pipeline: ingest -> score -> profile -> territories -> brief.

The invariants hold for any export a user may bring, so they are checked on the demo, on the
real Maven CRM export and on a messy HubSpot-style export (semicolons, cp1252, bad rows).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from planner.coaching.render import to_markdown
from planner.ingest.report import SKIPPED
from planner.schema import TIERS, Account, Rep, Score, Territory
from planner.workspace import Workspace
from tests.conftest import shared_dataset

pytestmark = pytest.mark.xdist_group("contract")


def _demo(_: Path) -> Workspace:
    return Workspace.demo()


def _maven(_: Path) -> Workspace:
    folder = shared_dataset("maven-crm")
    return Workspace.from_files(
        accounts=folder / "accounts.csv",
        opportunities=folder / "sales_pipeline.csv",
        reps=folder / "sales_teams.csv",
    )


def _hubspot(tmp: Path) -> Workspace:
    """A slice of the demo re-exported the way HubSpot and a European Excel would write it, plus bad rows."""
    demo = Workspace.demo()
    accounts = demo.accounts.head(600)
    deals = demo.opportunities[demo.opportunities[Account.ID].isin(accounts[Account.ID])]
    companies = pd.DataFrame(
        {
            "Record ID": accounts[Account.ID],
            "Company name": accounts[Account.NAME],
            "Industry": accounts[Account.INDUSTRY],
            "Number of Employees": accounts[Account.EMPLOYEES].map(lambda v: f"{v:,.0f}".replace(",", ".")),
            "Annual Revenue": accounts[Account.REVENUE].round(0).astype("string"),
            "Country/Region": accounts[Account.COUNTRY],
            "State/Region": accounts[Account.STATE],
            "Company owner": accounts[Account.OWNER],
        }
    )
    companies.loc[companies.index[3], "Number of Employees"] = "-40"  # a negative size
    companies.loc[companies.index[5], "Annual Revenue"] = "lots"  # not a number
    hub_deals = pd.DataFrame(
        {
            "Deal ID": deals["opportunity_id"],
            "Associated Company": deals[Account.NAME],
            "Deal owner": deals["owner"],
            "Deal Stage": deals["stage"].str.lower().str.replace(" ", "-"),
            "Amount": deals["amount"],
            "Create Date": deals["created_date"].dt.strftime("%d/%m/%Y"),
            "Close Date": deals["close_date"].dt.strftime("%d/%m/%Y"),
        }
    )
    hub_deals.loc[hub_deals.index[0], "Associated Company"] = "Company Nobody Knows"
    companies.to_csv(tmp / "companies.csv", sep=";", index=False, encoding="cp1252", errors="replace")
    hub_deals.to_csv(tmp / "deals.csv", sep=";", index=False, encoding="cp1252", errors="replace")
    return Workspace.from_files(accounts=tmp / "companies.csv", opportunities=tmp / "deals.csv")


DATASETS: dict[str, Callable[[Path], Workspace]] = {"demo": _demo, "maven": _maven, "hubspot": _hubspot}


@pytest.fixture(scope="module", params=list(DATASETS))
def run(request, tmp_path_factory):
    """The pipeline's results for one dataset, computed once for all the invariants."""
    workspace = DATASETS[request.param](tmp_path_factory.mktemp(request.param))
    scores = workspace.score(backtest=False)
    profile = workspace.ideal_profile()
    plan = workspace.plan_territories(tolerance=0.10, time_limit=20, scored=scores)
    rep = str(workspace.reps[Rep.NAME].iloc[0])
    brief = workspace.brief(rep, scored=scores, profile=profile)
    return workspace, scores, profile, plan, brief


def test_no_row_is_lost_without_a_line_in_the_report(run):
    workspace = run[0]
    report = workspace.report
    for name, table in report.tables.items():
        skipped_lines = sum(p.count for p in report.problems if p.table == name and p.action == SKIPPED)
        assert table.rows_read - table.rows_kept == skipped_lines, name
    assert report.tables["accounts"].rows_kept == len(workspace.accounts)


def test_every_account_is_scored_once_in_range_with_a_tier_and_a_reason(run):
    workspace, scores = run[0], run[1]
    scored = scores.accounts
    assert sorted(scored[Account.ID]) == sorted(workspace.accounts[Account.ID])
    assert scored[Score.PRIORITY].between(0, 100).all()
    assert scored[Score.FIT].between(0, 1).all()
    assert (scored[Score.WHITESPACE] >= 0).all()
    assert set(scored[Score.TIER]) <= set(TIERS) and scored[Score.TIER].notna().all()
    assert scored[Score.REASONS].str.len().gt(10).all()
    assert np.all(np.diff(scored[Score.PRIORITY].to_numpy()) <= 1e-9), "sorted by priority"


def test_the_best_profile_is_a_real_cluster_with_an_interval(run):
    profile = run[2]
    best = profile.best
    assert best.win_rate_low <= best.win_rate <= best.win_rate_high
    assert best.card and any(str(v) in best.card for d in best.defining for v in d.values)


def test_every_account_is_assigned_exactly_once_to_a_known_rep(run):
    workspace, plan = run[0], run[3]
    assigned = plan.assignments
    assert assigned[Account.ID].is_unique
    assert set(assigned[Account.ID]) == set(workspace.accounts[Account.ID])
    assert set(assigned[Territory.NEW_OWNER]) <= set(workspace.reps[Rep.NAME])
    locked = assigned[assigned[Territory.LOCKED].astype(bool)]
    assert (locked[Territory.NEW_OWNER] == locked[Territory.OLD_OWNER]).all()
    moved = assigned[Territory.MOVED] == "yes"
    assert (assigned.loc[moved, Territory.REASON].str.len() > 0).all()


def test_the_brief_follows_sled_with_numbers(run):
    brief = run[4]
    text = to_markdown(brief)
    sled = ("Set the stage", "Lead the performance analysis", "Explore solutions", "Develop an action plan")
    positions = [text.find(section) for section in sled]
    assert -1 not in positions and positions == sorted(positions), "the four SLED steps, in order"
    assert any(ch.isdigit() for ch in text.split("Lead the performance analysis", 1)[1])
