"""A saved scenario comes back from the store and compares with a freshly computed plan (library and CLI)."""

from __future__ import annotations

import dataclasses
import json

import pandas as pd
import pytest

from planner.cli import main
from planner.errors import InputError
from planner.schema import Account, Score, Territory
from planner.storage import Store
from planner.territories import PlanSnapshot, build_problem, compare_plans, plan_territories


@pytest.fixture
def plans(make_instance):
    accounts, reps = make_instance(80, 4, seed=5)
    problem = build_problem(accounts, reps)
    disruption = plan_territories(problem, tolerance=0.1, scenario_name="Minimum disruption", time_limit=5)
    compact = plan_territories(problem, tolerance=0.1, scenario_name="Compact territories", time_limit=5)
    return disruption, compact


def _saved(tmp_path, plan, name="baseline", rows=None):
    store = Store(f"sqlite:///{tmp_path / 'planner.db'}")
    frame = plan.export_frame() if rows is None else rows
    store.save_scenario(name, frame, parameters=plan.parameters(), metrics=dataclasses.asdict(plan.metrics))
    return store.load_scenario(name)


def test_saved_plan_compares_like_the_live_plan_it_was(tmp_path, plans):
    disruption, compact = plans
    live = compare_plans(disruption, compact)
    saved = compare_plans(PlanSnapshot.of_saved(_saved(tmp_path, disruption)), compact)
    assert saved.left == "saved 'baseline'"
    assert set(saved.changed[Account.ID]) == set(live.changed[Account.ID]) and len(saved.changed) > 0
    columns = [f"{c} change" for c in (Score.POTENTIAL, Score.WORKLOAD, Territory.ACCOUNTS, Territory.A_TIER)]
    # The saved plan is the plan CSV, potential in whole dollars: each rep's sum is off by under $0.50 a row.
    pd.testing.assert_frame_equal(
        saved.reps[columns],
        live.reps[columns],
        check_dtype=False,
        rtol=0,
        atol=0.5 * len(disruption.assignments),
    )
    assert (saved.reps[f"{Territory.ACCOUNTS} change"] != 0).any()
    metrics = saved.metrics.set_index("metric")
    assert metrics.loc["moved_accounts", "saved 'baseline'"] == disruption.metrics.moved_accounts
    assert metrics.loc["moved_accounts", "change"] == (
        compact.metrics.moved_accounts - disruption.metrics.moved_accounts
    )
    # Each moved account carries its reason in both plans.
    old_reason = saved.changed["reason in saved 'baseline'"]
    new_reason = saved.changed["reason in Compact territories, ±10%"]
    by_id = disruption.assignments.set_index(Account.ID)[Territory.REASON]
    assert old_reason.tolist() == by_id[saved.changed[Account.ID]].tolist()
    assert new_reason.str.len().gt(0).all()


def test_saved_plan_on_other_data_counts_what_cannot_be_compared(tmp_path, plans):
    disruption, compact = plans
    rows = disruption.export_frame()
    rows = rows.iloc[5:].assign(
        **{Territory.NEW_OWNER: rows[Territory.NEW_OWNER].iloc[5:].replace("Rep 3", "Gone")}
    )
    comparison = compare_plans(PlanSnapshot.of_saved(_saved(tmp_path, disruption, rows=rows)), compact)
    assert (comparison.only_left, comparison.only_right) == (0, 5)
    reps = comparison.reps.set_index(Territory.REP)
    assert (
        reps.loc["Gone", f"{Territory.ACCOUNTS} (right)"] == 0
    )  # a rep of one plan only counts 0 in the other
    assert reps.loc["Rep 3", f"{Territory.ACCOUNTS} (left)"] == 0
    assert reps[f"{Territory.ACCOUNTS} (left)"].sum() == len(rows)


def test_saved_plan_without_plan_columns_is_a_clear_error(tmp_path, plans):
    disruption, _ = plans
    rows = disruption.export_frame().drop(columns=[Score.WORKLOAD])
    with pytest.raises(InputError, match=f"lacks the plan column\\(s\\) {Score.WORKLOAD}"):
        PlanSnapshot.of_saved(_saved(tmp_path, disruption, name="old", rows=rows))


def test_cli_saves_then_compares_a_new_plan_with_the_saved_one(tmp_path, export, capsys):
    accounts, reps = export()
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    base = ["territories", "--accounts", str(accounts), "--reps", str(reps), "--tolerance", "0.2", "--db", db]
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    assert main([*base, "--save", "Q3 plan", "--out", str(first)]) == 0
    capsys.readouterr()
    args = [
        *base,
        "--scenario",
        "Compact territories",
        "--compare-with",
        "q3 plan",
        "--out",
        str(second),
        "--json",
    ]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    comparison = data["comparison"]
    assert comparison["left"] == "saved 'Q3 plan'" and comparison["right"] == "Compact territories, ±20%"
    a, b = (pd.read_csv(p, dtype=str, encoding="utf-8-sig").set_index(Account.ID) for p in (first, second))
    differs = a.index[a[Territory.NEW_OWNER] != b.loc[a.index, Territory.NEW_OWNER]]
    changed = pd.DataFrame(comparison["changed"])
    assert set(changed[Account.ID]) == set(differs) and len(differs) > 0
    assert changed["reason in saved 'Q3 plan'"].notna().all()
    reps = pd.DataFrame(comparison["reps"]).set_index(Territory.REP)
    per_rep = b[Territory.NEW_OWNER].value_counts() - a[Territory.NEW_OWNER].value_counts()
    assert reps[f"{Territory.ACCOUNTS} change"].to_dict() == per_rep.reindex(reps.index).fillna(0).to_dict()


def test_cli_saving_under_a_taken_name_needs_replace(tmp_path, export, capsys):
    accounts, reps = export()
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    base = ["territories", "--accounts", str(accounts), "--reps", str(reps), "--tolerance", "0.2", "--db", db]
    assert main([*base, "--save", "Q3 plan"]) == 0
    capsys.readouterr()
    assert main([*base, "--scenario", "Compact territories", "--save", "Q3 plan"]) == 2
    err = capsys.readouterr().err
    assert "already saved" in err and "--replace" in err
    [kept] = Store(db).list_scenarios()
    assert kept.parameters["scenario"] != "Compact territories", "the saved plan was overwritten unasked"
    assert main([*base, "--scenario", "Compact territories", "--save", "Q3 plan", "--replace"]) == 0
    [replaced] = Store(db).list_scenarios()
    assert replaced.parameters["scenario"] == "Compact territories"


def test_cli_unknown_comparison_fails_before_planning(tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    assert (
        main(["territories", "--demo", "--db", db, "--compare-with", "nothing saved"]) == 2
    )  # before ingest
    err = capsys.readouterr().err
    assert "no saved scenario or preset named 'nothing saved'" in err and "Balance first" in err


def test_cli_compares_with_another_preset_when_no_plan_of_that_name_is_saved(tmp_path, export, capsys):
    accounts, reps = export()
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    args = ["territories", "--accounts", str(accounts), "--reps", str(reps), "--tolerance", "0.2", "--db", db]
    assert main([*args, "--scenario", "Compact territories", "--compare-with", "minimum disruption"]) == 0
    out = capsys.readouterr().out
    assert "compared with Minimum disruption, ±20% (change = Compact territories, ±20% minus" in out
    assert "accounts placed differently" in out


def test_a_plan_compared_with_its_saved_self_is_identical_and_says_what_was_compared(tmp_path, plans):
    disruption, compact = plans
    same = compare_plans(PlanSnapshot.of_saved(_saved(tmp_path, disruption)), disruption)
    assert same.identical and same.compared == len(disruption.assignments) == 80
    assert same.identical_text() == (
        "These two plans are identical: each of the 80 accounts goes to the same rep "
        "in saved 'baseline' and in Minimum disruption, ±10%."
    )
    assert not compare_plans(disruption, compact).identical
    fewer = disruption.export_frame().iloc[1:]
    assert not compare_plans(
        PlanSnapshot.of_saved(_saved(tmp_path, disruption, rows=fewer)), disruption
    ).identical
