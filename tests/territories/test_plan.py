import json
import re

import numpy as np
import pandas as pd
import pytest

from planner.export import to_csv_bytes
from planner.schema import Account, Rep, Score, Territory
from planner.serialize import dumps
from planner.territories import build_problem, compare_plans, plan_territories
from planner.territories.cost import Weights
from planner.territories.plan import NOT_MET, OPTIMAL

MOVES_ONLY = Weights(move=1.0, geography=0.0)


def _assert_invariants(plan, problem):
    frame = plan.assignments
    # every account exactly once, to a rep on the team
    assert frame[Account.ID].is_unique and len(frame) == problem.n
    assert set(frame[Territory.NEW_OWNER]) <= set(problem.rep_names)
    # locks respected
    locked = frame[Territory.LOCKED].to_numpy()
    assert (frame.loc[locked, Territory.NEW_OWNER] == frame.loc[locked, Territory.OLD_OWNER]).all()
    # per-rep table agrees with the assignment
    counts = frame[Territory.NEW_OWNER].value_counts()
    reps = plan.reps.set_index(Territory.REP)
    assert (reps[Territory.ACCOUNTS] == counts.reindex(reps.index, fill_value=0)).all()
    # moved flag and reason agree with owners
    moved = frame[Territory.MOVED] == "yes"
    assert (moved == (frame[Territory.OLD_OWNER] != frame[Territory.NEW_OWNER])).all()
    assert frame.loc[moved, Territory.REASON].str.len().gt(0).all()
    # the team figures count the same moves, tier A among them
    owned = frame[Territory.OLD_OWNER].isin(problem.rep_names)
    assert plan.metrics.moved_accounts == int((moved & owned).sum())
    assert plan.metrics.moved_a_tier == int((moved & owned & (frame[Score.TIER] == "A")).sum())


def _within(plan, tolerance, workload_tolerance=None):
    wt = tolerance if workload_tolerance is None else workload_tolerance
    p = plan.reps[Territory.POTENTIAL_INDEX].to_numpy()
    w = plan.reps[Territory.WORKLOAD_INDEX].to_numpy()
    return (np.abs(p - 1) <= tolerance + 1e-6).all() and (np.abs(w - 1) <= wt + 1e-6).all()


def test_exact_plan_meets_tolerance_with_locks_and_capacity(small):
    accounts, reps = small
    accounts = accounts.assign(**{Account.LOCKED: np.where(accounts.index < 10, "yes", "")})
    reps = reps.assign(**{Rep.CAPACITY: 40})
    problem = build_problem(accounts, reps)
    plan = plan_territories(problem, tolerance=0.1, weights=MOVES_ONLY, method="exact", time_limit=20)
    _assert_invariants(plan, problem)
    assert plan.status == OPTIMAL and plan.metrics.within_tolerance
    assert _within(plan, 0.1)
    assert (plan.reps[Territory.ACCOUNTS] <= 40).all()
    # the current book is out of band, so balancing must move accounts, and each move says why
    assert plan.metrics.moved_accounts > 0
    assert plan.moves[Territory.REASON].str.startswith(("balance", "capacity", "geography")).all()


def test_large_method_matches_exact_move_count_and_bound_holds(make_instance):
    accounts, reps = make_instance(200, 5, seed=3)
    problem = build_problem(accounts, reps)
    exact = plan_territories(problem, tolerance=0.05, weights=MOVES_ONLY, method="exact", time_limit=30)
    large = plan_territories(problem, tolerance=0.05, weights=MOVES_ONLY, method="large", time_limit=15)
    _assert_invariants(large, problem)
    assert exact.status == OPTIMAL and large.metrics.within_tolerance
    assert large.metrics.moved_accounts == exact.metrics.moved_accounts
    # the LP bound is a lower bound on the optimum
    assert large.bound is not None and large.bound <= exact.metrics.cost + 1e-6
    assert large.gap is not None and large.gap >= 0
    if large.status != OPTIMAL:  # the plan says how far it can be from the best, in a manager's words
        assert f"within {100 * large.gap:.1f}% of the best possible plan" in large.message
        assert "relaxation" not in large.message


def test_impossible_tolerance_names_the_blocking_constraint_and_still_plans(small):
    accounts, reps = small
    accounts = accounts.assign(**{Account.LOCKED: np.where(accounts[Account.OWNER] == "Rep 0", "yes", "")})
    problem = build_problem(accounts, reps)
    plan = plan_territories(problem, tolerance=0.05, weights=MOVES_ONLY, time_limit=10)
    _assert_invariants(plan, problem)
    assert plan.status == NOT_MET and not plan.metrics.within_tolerance
    assert "locks: Rep 0's locked accounts alone carry" in plan.message
    assert any("Rep 0: potential above the band" in line for line in plan.blocking)


def test_capacity_shortfall_is_reported(make_instance):
    accounts, reps = make_instance(40, 4, seed=2)
    reps = reps.assign(**{Rep.CAPACITY: 9})
    problem = build_problem(accounts, reps)
    plan = plan_territories(problem, tolerance=0.5, weights=MOVES_ONLY, time_limit=10)
    assert plan.status == NOT_MET
    assert "capacity: the reps can hold 36 accounts in total but there are 40" in plan.message
    assert len(plan.assignments) == 40


def test_unowned_accounts_are_assigned_with_a_reason(small):
    accounts, reps = small
    accounts = accounts.assign(**{Account.OWNER: accounts[Account.OWNER].where(accounts.index >= 5, None)})
    problem = build_problem(accounts, reps)
    plan = plan_territories(problem, tolerance=0.15, time_limit=10)
    reasons = plan.assignments[Territory.REASON].head(5)
    assert reasons.str.startswith("no owner: assigned to").all()
    assert plan.metrics.newly_assigned == 5


def test_balance_first_is_more_even_than_minimum_disruption(make_instance):
    accounts, reps = make_instance(80, 4, seed=5)
    problem = build_problem(accounts, reps)
    disruption = plan_territories(problem, tolerance=0.1, scenario_name="Minimum disruption", time_limit=5)
    balance = plan_territories(problem, tolerance=0.1, scenario_name="balance first", time_limit=5)
    assert balance.metrics.potential_cv + balance.metrics.workload_cv < (
        disruption.metrics.potential_cv + disruption.metrics.workload_cv
    )
    assert balance.metrics.moved_accounts >= disruption.metrics.moved_accounts
    comparison = compare_plans(disruption, balance)
    assert set(comparison.changed[Account.ID]) == set(
        disruption.assignments[Account.ID][
            (
                disruption.assignments[Territory.NEW_OWNER] != balance.assignments[Territory.NEW_OWNER]
            ).to_numpy()
        ]
    )
    change = comparison.reps[f"{Territory.ACCOUNTS} change"]
    assert change.sum() == 0  # accounts only change hands


def test_geography_reason_and_compact_scenario():
    # two clusters; every account owned by the far rep: compact territories should bring them home
    n = 20
    accounts = pd.DataFrame(
        {
            Account.ID: [f"G{i}" for i in range(n)],
            Account.NAME: [f"Geo {i}" for i in range(n)],
            Account.LAT: [40.7] * (n // 2) + [34.0] * (n // 2),
            Account.LON: [-74.0] * (n // 2) + [-118.2] * (n // 2),
            Account.OWNER: ["East"] * (n // 4)
            + ["West"] * (n // 4)
            + ["East"] * (n // 4)
            + ["West"] * (n // 4),
            Score.POTENTIAL: 100.0,
        }
    )
    reps = pd.DataFrame(
        {Rep.NAME: ["East", "West"], Rep.HOME_LAT: [40.7, 34.0], Rep.HOME_LON: [-74.0, -118.2]}
    )
    problem = build_problem(accounts, reps)
    plan = plan_territories(problem, tolerance=0.05, scenario_name="Compact territories", time_limit=10)
    assert plan.metrics.mean_distance_km < 1.0
    assert plan.moves[Territory.REASON].str.startswith("geography: closer to").all()
    assert plan.metrics.moved_accounts == 10


def test_json_form_has_the_documented_keys(small):
    accounts, reps = small
    plan = plan_territories(build_problem(accounts, reps), tolerance=0.1, time_limit=10)
    data = json.loads(dumps(plan))
    for key in ("potential_cv", "workload_cv", "moved_accounts", "bound_gap"):
        assert key in data["metrics"]
    assert data["metrics"]["moved_accounts"] == int((plan.assignments[Territory.MOVED] == "yes").sum())
    assert len(data["assignments"]) == len(accounts)


def test_unknown_scenario_lists_the_choices(small):
    accounts, reps = small
    from planner.errors import InputError

    with pytest.raises(InputError, match="Balance first"):
        plan_territories(build_problem(accounts, reps), scenario_name="nope")


def test_the_exported_plan_writes_every_flag_as_yes_or_no(small):
    accounts, reps = small
    accounts = accounts.assign(**{Account.LOCKED: np.where(accounts.index < 5, "yes", "")})
    plan = plan_territories(build_problem(accounts, reps), tolerance=0.1, method="exact", time_limit=20)
    exported = plan.export_frame()
    assert set(exported[Territory.LOCKED]) == {"yes", "no"}
    assert (exported[Territory.LOCKED] == "yes").sum() == 5
    assert set(exported[Territory.MOVED]) <= {"yes", "no"}


def test_the_exported_plan_rounds_money_workload_and_km_to_what_they_mean(small):
    accounts, reps = small
    accounts = accounts.assign(**{Account.STATE: "CA"})
    plan = plan_territories(build_problem(accounts, reps), tolerance=0.1, method="exact", time_limit=20)
    assert not np.allclose(plan.assignments[Score.POTENTIAL] % 1, 0), "the fixture's potential has cents"
    exported = plan.export_frame()
    text = to_csv_bytes(exported).decode("utf-8-sig").splitlines()
    header = text[0].split(",")
    first = dict(zip(header, text[1].split(","), strict=False))
    assert re.fullmatch(r"\d+", first[Score.POTENTIAL]), "potential in whole dollars"
    assert re.fullmatch(r"\d+", first[Territory.DISTANCE_KM]), "kilometres whole"
    assert re.fullmatch(r"\d+\.\d{1,2}", first[Score.WORKLOAD]), "workload to at most two decimals"
    assert np.allclose(exported[Score.POTENTIAL], plan.assignments[Score.POTENTIAL], atol=0.5)
    assert np.allclose(exported[Territory.DISTANCE_KM], plan.assignments[Territory.DISTANCE_KM], atol=0.5)
