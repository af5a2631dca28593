"""A reps file's home region/state, capacity and eligibility flow through ingest into the territory plan."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from planner import geo
from planner.cli import main
from planner.schema import Account, Rep, Territory
from planner.territories import build_problem
from planner.workspace import Workspace


def _plan(accounts: Path, reps: Path, *extra: str) -> pd.DataFrame:
    out = accounts.parent / "plan.csv"
    args = ["territories", "--accounts", str(accounts), "--reps", str(reps), "--out", str(out), *extra]
    assert main(args) == 0
    plan = pd.read_csv(out, dtype=str, encoding="utf-8-sig")
    source = pd.read_csv(accounts, dtype=str)
    return plan.merge(source, left_on=Account.ID, right_on="Account ID")


def test_reps_file_columns_are_ingested_with_their_types(export):
    accounts, reps = export(
        **{
            "Home Region": ["West", "Northeast", "", "Southeast"],
            "Home State": ["CA", "New York", "Texas", "FL"],
            "Max Accounts": [20, 20, 20, 20],
            "Max Workload": [30, "", "", 25.5],
            "Eligible Regions": ["West; Southwest", "Northeast|Southeast", "", ""],
            "Eligible Industries": ["", "", "Software, Retail", ""],
        }
    )
    got = Workspace.from_files(accounts=accounts, reps=reps).reps.set_index(Rep.NAME)
    assert got.loc["Ann", Rep.REGION] == "West" and got.loc["Cat", Rep.HOME_STATE] == "Texas"
    assert got[Rep.CAPACITY].tolist() == [20.0] * 4
    assert got.loc["Dan", Rep.MAX_WORKLOAD] == 25.5 and pd.isna(got.loc["Bob", Rep.MAX_WORKLOAD])
    assert got.loc["Bob", Rep.ELIGIBLE_REGIONS] == "Northeast|Southeast"
    assert got.loc["Cat", Rep.ELIGIBLE_INDUSTRIES] == "Software, Retail"


def test_eligibility_and_capacity_from_the_file_hold_in_the_plan(export, export_regions):
    files = export(
        **{
            "Home State": ["CA", "NY", "Texas", "FL"],
            "Max Accounts": [20, 20, 20, 14],
            "Max Workload": [12, "", "", ""],  # no tiers: one unit per account; Ann would get 17 without it
            "Eligible Regions": ["West; Southwest", "Northeast|Southeast", "", ""],
            "Eligible Industries": ["", "", "Software, Retail", ""],
        }
    )
    plan = _plan(*files, "--tolerance", "0.25")
    region = plan["Billing State/Province"].map(export_regions)
    ann, bob, cat = (plan[Territory.NEW_OWNER] == name for name in ("Ann", "Bob", "Cat"))
    assert region[ann].isin(["West", "Southwest"]).all() and ann.any()
    assert region[bob].isin(["Northeast", "Southeast"]).all() and bob.any()
    assert plan.loc[cat, "Industry"].isin(["Software", "Retail"]).all() and cat.any()
    assert (plan[Territory.NEW_OWNER] == "Dan").sum() <= 14
    assert pd.to_numeric(plan.loc[ann, "workload"]).sum() <= 12
    reason = "eligibility: Cat covers only industries Software, Retail"
    assert plan[Territory.REASON].str.startswith(reason).any()


def test_eligibility_that_makes_the_band_impossible_is_named(export, export_regions, capsys):
    # Only Ann may take West accounts (about a third of the book): she cannot stay within +-5%.
    others = "Northeast; Southeast; Southwest"
    accounts, reps = export(**{"Eligible Regions": ["West", others, others, others]})
    assert main(["territories", "--accounts", str(accounts), "--reps", str(reps), "--json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["status"] == "tolerance not met"
    source = pd.read_csv(accounts)
    west = source["Account ID"][source["Billing State/Province"].map(export_regions).eq("West")]
    assert plan["blocking"][0].startswith(f"eligibility: the {len(west)} accounts only Ann may take carry")
    assert "Blocked by: eligibility:" in plan["message"]
    assigned = pd.DataFrame(plan["assignments"]).set_index(Account.ID)[Territory.NEW_OWNER]
    assert (assigned[west] == "Ann").all()


def test_home_state_sets_home_and_region_when_not_given(export):
    accounts, reps = export(**{"Home State": ["CA", "New York", "", "Atlantis"]})
    workspace = Workspace.from_files(accounts=accounts, reps=reps)
    problem = build_problem(workspace.accounts, workspace.reps)
    assert (problem.rep_lat[0], problem.rep_lon[0]) == pytest.approx(geo.centroid(None, "CA"))
    assert (problem.rep_lat[1], problem.rep_lon[1]) == pytest.approx(geo.centroid(None, "NY"))
    assert list(problem.rep_region[:2]) == ["West", "Northeast"]
    assert any("Atlantis" in note and "Dan" in note for note in problem.notes)


def test_unreadable_max_workload_is_reported_with_row_and_column_and_the_rep_kept(export):
    accounts, reps = export(**{"Max Workload": [30, "lots", "", 20]})
    workspace = Workspace.from_files(accounts=accounts, reps=reps)
    assert len(workspace.reps) == 4
    problem = next(p for p in workspace.report.problems if p.column == "Max Workload")
    assert "number" in problem.reason and problem.rows == (3,) and problem.file == "reps.csv"


def test_negative_limit_in_the_file_is_blanked_and_reported_with_its_excel_row(export):
    accounts, reps = export(**{"Max Workload": [30, -5, "", 20], "Home Latitude": [40, 95, "", 30]})
    workspace = Workspace.from_files(accounts=accounts, reps=reps)
    assert len(workspace.reps) == 4
    problems = {p.column: p for p in workspace.report.problems if p.table == "reps"}
    assert problems["Max Workload"].rows == (3,) and "negative" in problems["Max Workload"].reason
    assert problems["Home Latitude"].rows == (3,) and "outside" in problems["Home Latitude"].reason
    bob = workspace.reps.set_index(Rep.NAME).loc["Bob"]
    assert pd.isna(bob[Rep.MAX_WORKLOAD]) and pd.isna(bob[Rep.HOME_LAT])


def test_eligibility_matching_no_account_is_an_error_a_partial_typo_a_note(export, capsys):
    accounts, reps = export(**{"Eligible Regions": ["Wset", "", "", ""]})
    assert main(["territories", "--accounts", str(accounts), "--reps", str(reps)]) == 2
    err = capsys.readouterr().err
    assert "rep 'Ann'" in err and "match no account" in err and Rep.ELIGIBLE_REGIONS in err and "row 1" in err
    assert "(Northeast, Southeast, Southwest, West, or a state or country)" in err  # what to write instead

    files = export(**{"Eligible Regions": ["West; Wset | Texas", "", "", ""]})
    plan = _plan(*files, "--tolerance", "0.3")
    assert "'wset' (Ann, reps row 1)" in capsys.readouterr().out
    ann = plan[Territory.NEW_OWNER] == "Ann"
    assert plan.loc[ann, "Billing State/Province"].isin(["CA", "OR", "TX"]).all() and ann.any()
