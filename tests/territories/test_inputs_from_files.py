"""A reps file's home region/state, capacity and eligibility flow through ingest into the territory plan."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from planner import geo
from planner.cli import main
from planner.schema import Account, Rep, Territory
from planner.workspace import Workspace

STATES = {
    "CA": "West",
    "OR": "West",
    "NY": "Northeast",
    "MA": "Northeast",
    "TX": "Southwest",
    "FL": "Southeast",
}


def _accounts(tmp_path: Path, n: int = 60) -> Path:
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {
            "Account ID": [f"A{i:03d}" for i in range(n)],
            "Account Name": [f"Acme {i}" for i in range(n)],
            "Industry": rng.choice(["Software", "Retail", "Healthcare"], n),
            "Billing State/Province": rng.choice(list(STATES), n),
            "Billing Country": "United States",
            "Account Owner": rng.choice(["Ann", "Bob", "Cat", "Dan"], n),
            "ARR": rng.lognormal(10, 0.3, n).round(0),
        }
    )
    path = tmp_path / "accounts.csv"
    frame.to_csv(path, index=False)
    return path


def _reps(tmp_path: Path, **columns: list[object]) -> Path:
    frame = pd.DataFrame({"Rep": ["Ann", "Bob", "Cat", "Dan"], **columns})
    path = tmp_path / "reps.csv"
    frame.to_csv(path, index=False)
    return path


def _plan(accounts: Path, reps: Path, tmp_path: Path, *extra: str) -> pd.DataFrame:
    out = tmp_path / "plan.csv"
    args = ["territories", "--accounts", str(accounts), "--reps", str(reps), "--out", str(out), *extra]
    assert main(args) == 0
    plan = pd.read_csv(out, dtype=str, encoding="utf-8-sig")
    source = pd.read_csv(accounts, dtype=str)
    return plan.merge(source, left_on=Account.ID, right_on="Account ID")


def test_reps_file_columns_are_ingested_with_their_types(tmp_path):
    reps = _reps(
        tmp_path,
        **{
            "Home Region": ["West", "Northeast", "", "Southeast"],
            "Home State": ["CA", "New York", "Texas", "FL"],
            "Max Accounts": [20, 20, 20, 20],
            "Max Workload": [30, "", "", 25.5],
            "Eligible Regions": ["West; Southwest", "Northeast|Southeast", "", ""],
            "Eligible Industries": ["", "", "Software, Retail", ""],
        },
    )
    workspace = Workspace.from_files(accounts=_accounts(tmp_path), reps=reps)
    got = workspace.reps.set_index(Rep.NAME)
    assert got.loc["Ann", Rep.REGION] == "West" and got.loc["Cat", Rep.HOME_STATE] == "Texas"
    assert got[Rep.CAPACITY].tolist() == [20.0] * 4
    assert got.loc["Dan", Rep.MAX_WORKLOAD] == 25.5 and pd.isna(got.loc["Bob", Rep.MAX_WORKLOAD])
    assert got.loc["Bob", Rep.ELIGIBLE_REGIONS] == "Northeast|Southeast"
    assert got.loc["Cat", Rep.ELIGIBLE_INDUSTRIES] == "Software, Retail"


def test_eligibility_and_capacity_from_the_file_hold_in_the_plan(tmp_path):
    reps = _reps(
        tmp_path,
        **{
            "Home State": ["CA", "NY", "Texas", "FL"],
            "Max Accounts": [20, 20, 20, 14],
            "Eligible Regions": ["West; Southwest", "Northeast|Southeast", "", ""],
            "Eligible Industries": ["", "", "Software, Retail", ""],
        },
    )
    plan = _plan(_accounts(tmp_path), reps, tmp_path, "--tolerance", "0.25")
    region = plan["Billing State/Province"].map(STATES)
    ann, bob, cat = (plan[Territory.NEW_OWNER] == name for name in ("Ann", "Bob", "Cat"))
    assert region[ann].isin(["West", "Southwest"]).all() and ann.any()
    assert region[bob].isin(["Northeast", "Southeast"]).all() and bob.any()
    assert plan.loc[cat, "Industry"].isin(["Software", "Retail"]).all() and cat.any()
    assert (plan[Territory.NEW_OWNER] == "Dan").sum() <= 14
    moved_for_eligibility = plan[Territory.REASON].str.startswith("eligibility:", na=False)
    assert moved_for_eligibility.any()


def test_eligibility_that_makes_the_band_impossible_is_named(tmp_path, capsys):
    # Only Ann may take West accounts (about a third of the book): she cannot stay within +-5%.
    reps = _reps(tmp_path, **{"Eligible Regions": ["West", "Northeast; Southeast; Southwest"] * 2})
    reps_frame = pd.read_csv(reps)
    reps_frame.loc[2, "Eligible Regions"] = "Northeast; Southeast; Southwest"
    reps_frame.to_csv(reps, index=False)
    accounts = _accounts(tmp_path)
    assert main(["territories", "--accounts", str(accounts), "--reps", str(reps), "--json"]) == 0
    import json

    plan = json.loads(capsys.readouterr().out)
    assert plan["status"] == "tolerance not met"
    eligibility = [b for b in plan["blocking"] if b.startswith("eligibility:")]
    assert any("only Ann may take" in b for b in eligibility), plan["blocking"]
    west = pd.read_csv(accounts)["Billing State/Province"].map(STATES).eq("West")
    assigned = pd.DataFrame(plan["assignments"]).set_index(Account.ID)[Territory.NEW_OWNER]
    assert (assigned[pd.read_csv(accounts)["Account ID"][west]] == "Ann").all()


def test_home_state_sets_home_and_region_when_not_given(tmp_path):
    reps = _reps(tmp_path, **{"Home State": ["CA", "New York", "", "Atlantis"]})
    workspace = Workspace.from_files(accounts=_accounts(tmp_path), reps=reps)
    from planner.territories import build_problem

    problem = build_problem(workspace.accounts, workspace.reps)
    assert (problem.rep_lat[0], problem.rep_lon[0]) == pytest.approx(geo.centroid(None, "CA"))
    assert (problem.rep_lat[1], problem.rep_lon[1]) == pytest.approx(geo.centroid(None, "NY"))
    assert list(problem.rep_region[:2]) == ["West", "Northeast"]
    assert any("Atlantis" in note and "Dan" in note for note in problem.notes)


def test_unreadable_max_workload_is_reported_with_row_and_column_and_the_rep_kept(tmp_path):
    reps = _reps(tmp_path, **{"Max Workload": [30, "lots", "", 20]})
    workspace = Workspace.from_files(accounts=_accounts(tmp_path), reps=reps)
    assert len(workspace.reps) == 4
    problem = next(p for p in workspace.report.problems if p.column == "Max Workload")
    assert "number" in problem.reason and problem.rows == (3,) and problem.file == "reps.csv"


def test_negative_limit_is_an_error_naming_rep_row_and_column(tmp_path, capsys):
    reps = _reps(tmp_path, **{"Max Workload": [30, -5, "", 20]})
    assert main(["territories", "--accounts", str(_accounts(tmp_path)), "--reps", str(reps)]) == 2
    err = capsys.readouterr().err
    assert "max workload of rep 'Bob' is negative" in err and "row 2" in err and Rep.MAX_WORKLOAD in err


def test_eligibility_matching_no_account_is_an_error_a_partial_typo_a_note(tmp_path, capsys):
    accounts = _accounts(tmp_path)
    reps = _reps(tmp_path, **{"Eligible Regions": ["Wset", "", "", ""]})
    assert main(["territories", "--accounts", str(accounts), "--reps", str(reps)]) == 2
    err = capsys.readouterr().err
    assert "rep 'Ann'" in err and "match no account" in err and Rep.ELIGIBLE_REGIONS in err and "row 1" in err

    reps = _reps(tmp_path, **{"Eligible Regions": ["West; Wset | Texas", "", "", ""]})
    plan = _plan(accounts, reps, tmp_path, "--tolerance", "0.3")
    out = capsys.readouterr().out
    assert "'wset' (Ann, reps row 1)" in out
    ann = plan[Territory.NEW_OWNER] == "Ann"
    assert plan.loc[ann, "Billing State/Province"].isin(["CA", "OR", "TX"]).all() and ann.any()
