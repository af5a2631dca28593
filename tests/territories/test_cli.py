"""``planner territories``: the plan CSV, the JSON metrics, and clear errors (exit 2)."""

import json

import pandas as pd

from planner.cli import main
from planner.demo import ELIGIBILITY
from planner.schema import Account, Territory
from planner.territories.plan import EXPORT_COLUMNS
from planner.workspace import Workspace


def test_demo_plan_csv_and_json(tmp_path, capsys):
    out = tmp_path / "plan.csv"
    code = main(
        ["territories", "--demo", "--tolerance", "0.1", "--time-limit", "5", "--out", str(out), "--json"]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("potential_cv", "workload_cv", "moved_accounts", "bound_gap"):
        assert key in data["metrics"]
    plan = pd.read_csv(out, dtype=str, encoding="utf-8-sig")
    assert list(plan.columns) == list(EXPORT_COLUMNS)
    assert plan[Account.ID].is_unique and len(plan) == data["metrics"]["accounts"]
    moved = plan[Territory.MOVED] == "yes"
    assert (plan.loc[moved, Territory.OLD_OWNER].fillna("") != plan.loc[moved, Territory.NEW_OWNER]).all()
    # The demo reps file carries eligibility; no rep gets an account outside it unless it is their lock.
    accounts = Workspace.demo().accounts.set_index(Account.ID)
    plan = plan.join(accounts[[Account.REGION, Account.INDUSTRY]], on=Account.ID)
    free = plan[Territory.LOCKED] == "no"
    for rep, (regions, industries) in ELIGIBILITY.items():
        mine = free & (plan[Territory.NEW_OWNER] == rep)
        for column, allowed in ((Account.REGION, regions), (Account.INDUSTRY, industries)):
            if allowed:
                assert plan.loc[mine, column].isin(allowed.split("; ")).all(), (rep, column)
    assert plan[Territory.REASON].str.startswith("eligibility:").any()


def test_bad_tolerance_and_unknown_scenario_exit_2(capsys):
    assert main(["territories", "--demo", "--tolerance", "1.5"]) == 2
    assert "--tolerance must be between 0 and 1" in capsys.readouterr().err
    assert main(["territories", "--demo", "--scenario", "nope", "--time-limit", "5"]) == 2
    assert "unknown scenario 'nope'" in capsys.readouterr().err
