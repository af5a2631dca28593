"""The very-large path: balancing pass, grouped LP with its Lagrangian bound, determinism, diagnosis."""

import itertools
import time

import numpy as np
import pytest

from planner.schema import Account, Territory
from planner.territories import build_problem, plan_territories
from planner.territories import large as large_module
from planner.territories.aggregate import group_accounts, solve_grouped
from planner.territories.balance import balance
from planner.territories.cost import Weights, assignment_costs
from planner.territories.lagrangian import lagrangian_bound
from planner.territories.milp import solve_exact
from planner.territories.model import Targets, objective
from planner.territories.plan import NOT_MET

DISRUPTION = Weights(move=1.0, geography=0.05)


def _arrays(make_instance, n, k, seed, tolerance=0.05, workload_tolerance=0.10):
    accounts, reps = make_instance(n, k, seed=seed)
    problem = build_problem(accounts, reps)
    costs = assignment_costs(problem, DISRUPTION)
    return problem, costs, Targets.of(problem, tolerance, workload_tolerance)


def test_balancing_pass_reaches_the_aimed_band_fast_and_deterministically(make_instance):
    problem, costs, targets = _arrays(make_instance, 5_000, 20, seed=7)
    before = targets.loads(problem.owner, problem.k)
    assert np.abs(before["p"] - 1).max() > 0.2  # the current book is far out of band
    started = time.monotonic()
    plan = balance(problem.owner, costs, targets, aim=0.8)
    assert time.monotonic() - started < 10
    load = targets.loads(plan, problem.k)
    assert np.abs(load["p"] - 1).max() <= 0.8 * 0.05 + 1e-9
    assert np.abs(load["w"] - 1).max() <= 0.8 * 0.10 + 1e-9
    assert np.array_equal(plan, balance(problem.owner, costs, targets, aim=0.8))
    # it moves accounts only out of reps above a band or into reps below one
    moved = plan != problem.owner
    assert 0 < moved.sum() < problem.n // 2


def test_balancing_pass_never_moves_a_locked_account(make_instance):
    accounts, reps = make_instance(600, 6, seed=2)
    accounts = accounts.assign(**{Account.LOCKED: np.where(np.arange(len(accounts)) % 3 == 0, "yes", "")})
    problem = build_problem(accounts, reps)
    costs = assignment_costs(problem, DISRUPTION)
    plan = balance(problem.owner, costs, Targets.of(problem, 0.1, 0.2))
    assert problem.locked.sum() == 200
    assert np.array_equal(plan[problem.locked], problem.owner[problem.locked])


def test_groups_hold_accounts_of_one_owner_with_sizes_that_do_not_overlap(make_instance):
    problem, costs, targets = _arrays(make_instance, 2_000, 10, seed=3)
    movable = np.ones(problem.n, dtype=bool)
    gid = group_accounts(costs, targets, problem.owner, movable)
    assert (gid >= 0).all()
    size = targets.p + targets.w
    nearest = np.where(np.arange(problem.k)[None, :] == problem.owner[:, None], np.inf, costs).argmin(axis=1)
    for owner in range(problem.k):
        for place in np.unique(nearest[problem.owner == owner]):
            cell = (problem.owner == owner) & (nearest == place)
            groups = set(gid[cell])
            ranges = sorted((size[gid == g].min(), size[gid == g].max()) for g in groups)
            assert all(low[1] <= high[0] for low, high in itertools.pairwise(ranges))
            assert len(groups) <= 10 and not groups & set(gid[~cell])
    assert gid.max() + 1 < problem.n / 3


@pytest.mark.parametrize("seed", [4, 11])
def test_grouped_lp_bound_never_exceeds_the_exact_optimum(make_instance, seed):
    problem, costs, targets = _arrays(make_instance, 150, 5, seed=seed)
    exact = solve_exact(costs, targets, time_limit=30)
    assert exact is not None and exact.optimal and exact.penalty == 0
    start = balance(problem.owner, costs, targets, aim=0.9)
    grouped = solve_grouped(costs, targets, problem.owner, start, 0.0, 30)
    assert grouped is not None
    bound = lagrangian_bound(costs, targets, 0.0, grouped.multipliers, exact.cost, time.monotonic() + 30, 1)
    assert 0 < bound <= exact.cost + 1e-6
    # the multipliers carry information: far better than the Lagrangian at zero
    zero = lagrangian_bound(costs, targets, 0.0, {}, exact.cost, time.monotonic() + 30, 1)
    assert bound > zero + 0.5 * (exact.cost - zero)


@pytest.fixture
def grouped_path(monkeypatch):
    """Force the 100,000-account path (grouped LP + Lagrangian bound) on a small instance."""
    monkeypatch.setattr(large_module, "COLUMN_GENERATION_MAX_ARCS", 0)


def test_grouped_path_plans_within_tolerance_with_a_valid_bound_and_the_same_plan_twice(
    make_instance, grouped_path
):
    accounts, reps = make_instance(1_200, 8, seed=5)
    problem = build_problem(accounts, reps)
    kwargs = {"tolerance": 0.05, "workload_tolerance": 0.10, "weights": DISRUPTION, "method": "large"}
    first = plan_territories(problem, time_limit=30, **kwargs)
    second = plan_territories(problem, time_limit=30, **kwargs)
    assert first.solver == large_module.GROUPED_SOLVER_NAME
    assert first.metrics.within_tolerance
    assert first.bound is not None and 0 < first.bound <= first.metrics.cost + 1e-6
    assert first.gap is not None and first.gap < 0.25
    assert first.assignments.equals(second.assignments)
    costs = assignment_costs(problem, DISRUPTION)
    targets = Targets.of(problem, 0.05, 0.10)
    new_owner = first.assignments[Territory.NEW_OWNER].to_numpy(dtype=str)
    index = {name: r for r, name in enumerate(problem.rep_names)}
    assign = np.array([index[name] for name in new_owner])
    assert objective(assign, costs, targets, 0.0) == (pytest.approx(first.metrics.cost), 0.0)


def test_grouped_path_names_what_blocks_an_impossible_tolerance(make_instance, grouped_path):
    accounts, reps = make_instance(400, 4, seed=1)
    accounts = accounts.assign(**{Account.LOCKED: np.where(accounts[Account.OWNER] == "Rep 0", "yes", "")})
    problem = build_problem(accounts, reps)
    plan = plan_territories(problem, tolerance=0.05, weights=DISRUPTION, method="large", time_limit=20)
    assert plan.status == NOT_MET and len(plan.assignments) == problem.n
    assert "locks: Rep 0's locked accounts alone carry" in plan.message
    assert any("Rep 0: potential above the band" in line for line in plan.blocking)
