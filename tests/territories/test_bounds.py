"""The proof side: the Lagrangian bound is valid and tight at the LP duals; local search never gets worse."""

import time

import numpy as np

from planner.territories import build_problem
from planner.territories.cost import Weights, assignment_costs
from planner.territories.lagrangian import lagrangian_bound
from planner.territories.large import _relax
from planner.territories.local_search import improve
from planner.territories.milp import solve_exact
from planner.territories.model import Targets, objective


def _instance(make_instance, n=150, k=5, seed=4):
    accounts, reps = make_instance(n, k, seed=seed)
    problem = build_problem(accounts, reps)
    costs = assignment_costs(problem, Weights(move=1.0, geography=0.05))
    return problem, costs, Targets.of(problem, 0.05, 0.10)


def test_local_search_repairs_the_current_book_and_never_gets_worse(make_instance):
    problem, costs, targets = _instance(make_instance)
    before = sum(objective(problem.owner, costs, targets, 0.0))
    after = improve(problem.owner, costs, targets, problem.owner, time_limit=10)
    cost, penalty = objective(after, costs, targets, 0.0)
    assert before > 1e5  # the current book is out of band
    assert penalty == 0.0 and cost + penalty <= before
    again = improve(after, costs, targets, problem.owner, time_limit=10)
    assert sum(objective(again, costs, targets, 0.0)) <= cost + 1e-9


def test_lp_bound_is_below_the_optimum_and_the_lagrangian_matches_it_at_lp_duals(make_instance):
    problem, costs, targets = _instance(make_instance)
    start = improve(problem.owner, costs, targets, problem.owner, time_limit=10)
    relaxation = _relax(costs, targets, problem.owner, start, 0.0, time.monotonic() + 30)
    exact = solve_exact(costs, targets, time_limit=30)
    assert exact is not None and exact.optimal
    assert relaxation.bound <= exact.cost + 1e-6
    assert np.isclose(relaxation.bound, relaxation.value)  # pricing converged: the LP optimum itself
    upper = exact.cost
    lagrangian = lagrangian_bound(costs, targets, 0.0, relaxation.multipliers, upper, time.monotonic() + 10)
    assert lagrangian <= exact.cost + 1e-6
    assert np.isclose(lagrangian, relaxation.value, rtol=1e-6)


def test_lagrangian_bound_is_valid_from_poor_multipliers(make_instance):
    _, costs, targets = _instance(make_instance)
    exact = solve_exact(costs, targets, time_limit=30)
    bound = lagrangian_bound(costs, targets, 0.0, {}, exact.cost, time.monotonic() + 10, max_steps=40)
    assert 0 < bound <= exact.cost + 1e-6
