"""Territory planning quality and speed at 500 x 10, 10,000 x 50 and 100,000 x 100 (accounts x reps).

Run: ``python benchmarks/bench_territories.py [--only a|b|c]`` (about five minutes on 2 cores).

Instances: ``planner.demo.synthetic_accounts`` / ``synthetic_reps`` (owners are reps of the
account's region, so regions with many accounts and few reps start far over the mean);
potential is lognormal, tiers by potential quantile (A top 10%), workload by tier; capacity
1.3x the mean book. Printed beside a floor measured in the same run:

(a) 500 x 10, +-5% potential and workload, objective = accounts moved: the exact MILP's
    optimum vs the large-instance method (LP column generation + repair MILP + local search)
    forced on the same instance. Target: the same moved count. Floor: one bare HiGHS LP solve.
(b) 10,000 x 50, +-5% potential, +-10% workload, "Minimum disruption" (moves + 0.05 per
    1,000 km): within tolerance, < 60 s, cost <= 2% above the LP relaxation's bound. Floor: the
    bare HiGHS LP over all 500,000 arcs, whose optimum *is* that bound (so the bound printed by
    the method is checked against it).
(c) 100,000 x 100, same tolerances and weights: within tolerance < 60 s end to end, bound gap
    printed. The method here: balancing pass, LP over groups of similar accounts (rounded, balanced
    again), local search; the bound is the Lagrangian at the grouped LP's multipliers. ``--twice``
    plans it a second time and says whether the plan is the same (it should be: no clock involved).
    Floor: one bare OR-Tools min-cost flow on the same 10M arcs (count balance only).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import linprog

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from planner.demo import synthetic_accounts, synthetic_reps  # noqa: E402
from planner.schema import Rep, Score, Territory  # noqa: E402
from planner.territories import TerritoryPlan, TerritoryProblem, build_problem, plan_territories  # noqa: E402
from planner.territories.cost import Weights, assignment_costs  # noqa: E402
from planner.territories.model import Targets, build_model  # noqa: E402

MOVES_ONLY = Weights(move=1.0, geography=0.0)
DISRUPTION = Weights(move=1.0, geography=0.05)


def instance(n: int, k: int, seed: int = 0) -> TerritoryProblem:
    reps = synthetic_reps(k, seed)
    reps[Rep.CAPACITY] = np.ceil(1.3 * n / k)
    accounts = synthetic_accounts(n, seed, reps)
    rng = np.random.default_rng(seed + 1)
    potential = np.round(rng.lognormal(np.log(50_000), 0.9, n), -2)
    rank = pd.Series(potential).rank(pct=True, method="first").to_numpy()
    tier = np.select([rank > 0.9, rank > 0.7, rank > 0.4], ["A", "B", "C"], "D")
    accounts[Score.POTENTIAL] = potential
    accounts[Score.TIER] = tier
    return build_problem(accounts, reps)


def bare_lp(problem: TerritoryProblem, weights: Weights, tolerance: float, workload_tolerance: float):
    """One HiGHS LP over every arc: the relaxation's optimum (the floor and the reference bound)."""
    costs = assignment_costs(problem, weights)
    targets = Targets.of(problem, tolerance, workload_tolerance)
    account, rep = np.nonzero(np.isfinite(costs))
    model = build_model(targets, np.arange(problem.n), account, rep, costs[account, rep], problem.k)
    start = time.perf_counter()
    result = linprog(
        model.c,
        A_ub=model.A_ub,
        b_ub=model.b_ub,
        A_eq=model.A_eq,
        b_eq=model.b_eq,
        bounds=np.column_stack([np.zeros(len(model.c)), model.upper]),
        method="highs",
    )
    return float(result.fun), time.perf_counter() - start


def bare_flow(problem: TerritoryProblem, weights: Weights) -> tuple[float, float]:
    """One OR-Tools min-cost flow: every account to one rep, rep counts = the mean book (no potential)."""
    from ortools.graph.python import min_cost_flow

    costs = assignment_costs(problem, weights)
    n, k = costs.shape
    account, rep = np.nonzero(np.isfinite(costs))
    unit = np.round(costs[account, rep] * 1000).astype(np.int64)
    flow = min_cost_flow.SimpleMinCostFlow()
    start = time.perf_counter()
    flow.add_arcs_with_capacity_and_unit_cost(account, n + rep, np.ones(len(account), dtype=np.int64), unit)
    demand = np.full(k, n // k)
    demand[: n - demand.sum()] += 1
    flow.set_nodes_supplies(np.arange(n + k), np.concatenate([np.ones(n, dtype=np.int64), -demand]))
    status = flow.solve()
    seconds = time.perf_counter() - start
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow status {status}")
    return flow.optimal_cost() / 1000, seconds


def report(label: str, plan: TerritoryPlan, seconds: float) -> None:
    m = plan.metrics
    gap = "n/a" if plan.gap is None else f"{100 * plan.gap:.2f}%"
    bound = "n/a" if plan.bound is None else f"{plan.bound:,.2f}"
    print(
        f"  {label:<34} {seconds:7.1f} s  status={plan.status!r}  moved={m.moved_accounts:,}  "
        f"cost={m.cost:,.2f}  bound={bound}  gap={gap}\n"
        f"  {'':<34} max dev potential {100 * m.max_potential_deviation:.2f}%  workload "
        f"{100 * m.max_workload_deviation:.2f}%  potential CV {m.potential_cv:.4f}  solver: {plan.solver}"
    )


def timed_plan(problem: TerritoryProblem, **kwargs) -> tuple[TerritoryPlan, float]:
    start = time.perf_counter()
    plan = plan_territories(problem, **kwargs)
    return plan, time.perf_counter() - start


def bench_a() -> None:
    print("(a) 500 accounts x 10 reps, +-5%, objective = accounts moved")
    problem = instance(500, 10)
    value, seconds = bare_lp(problem, MOVES_ONLY, 0.05, 0.05)
    print(f"  floor: bare HiGHS LP (all 5,000 arcs)      {seconds:7.2f} s  LP bound {value:.2f} moves")
    exact, t_exact = timed_plan(problem, tolerance=0.05, weights=MOVES_ONLY, method="exact", time_limit=300)
    report("exact MILP", exact, t_exact)
    large, t_large = timed_plan(problem, tolerance=0.05, weights=MOVES_ONLY, method="large", time_limit=30)
    report("large method (forced)", large, t_large)
    same = large.metrics.moved_accounts == exact.metrics.moved_accounts
    print(
        f"  -> moved: large {large.metrics.moved_accounts} vs exact optimum {exact.metrics.moved_accounts}: "
        f"{'SAME' if same else 'DIFFERENT'} (exact proven optimal: {exact.status == 'optimal'})"
    )


def large_case(n: int, k: int, time_limit: float) -> tuple[TerritoryProblem, TerritoryPlan, float]:
    """Build the n x k instance and plan it (+-5% potential, +-10% workload, minimum disruption)."""
    print(
        f"({'b' if n < 50_000 else 'c'}) {n:,} accounts x {k} reps, +-5% potential, +-10% workload, "
        "minimum disruption"
    )
    start = time.perf_counter()
    problem = instance(n, k)
    print(f"  instance built (accounts frame + problem)  {time.perf_counter() - start:7.1f} s")
    plan, seconds = timed_plan(
        problem, tolerance=0.05, workload_tolerance=0.10, weights=DISRUPTION, time_limit=time_limit
    )
    report("plan (auto -> large method)", plan, seconds)
    return problem, plan, seconds


def bench_b() -> None:
    problem, plan, seconds = large_case(10_000, 50, 45)
    value, t_lp = bare_lp(problem, DISRUPTION, 0.05, 0.10)
    print(f"  floor: bare HiGHS LP (all 500,000 arcs)    {t_lp:7.1f} s  LP optimum {value:,.2f}")
    over = plan.metrics.cost / value - 1
    print(
        f"  -> cost {100 * over:.2f}% above the LP optimum (target <= 2%); method's own bound "
        f"{plan.bound:,.2f} vs LP optimum {value:,.2f}; within tolerance: {plan.metrics.within_tolerance}; "
        f"{seconds:.1f} s (target < 60 s)"
    )


def bench_c(twice: bool = False) -> None:
    problem, plan, seconds = large_case(100_000, 100, 50)
    flow_cost, t_flow = bare_flow(problem, DISRUPTION)
    print(
        f"  floor: bare OR-Tools min-cost flow (10M arcs, count balance only) {t_flow:7.1f} s  "
        f"cost {flow_cost:,.2f}"
    )
    print(
        f"  -> within tolerance: {plan.metrics.within_tolerance}; {seconds:.1f} s to plan (target < 60 s); "
        f"bound gap {'n/a' if plan.gap is None else f'{100 * plan.gap:.2f}%'}"
    )
    if twice:
        again, seconds_again = timed_plan(
            problem, tolerance=0.05, workload_tolerance=0.10, weights=DISRUPTION, time_limit=50
        )
        same = again.assignments[Territory.NEW_OWNER].equals(plan.assignments[Territory.NEW_OWNER])
        print(f"  -> planned again in {seconds_again:.1f} s: same plan: {same}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("a", "b", "c"), help="run one part")
    parser.add_argument("--twice", action="store_true", help="(c): plan twice and compare the plans")
    args = parser.parse_args()
    for name, bench in (("a", bench_a), ("b", bench_b), ("c", lambda: bench_c(args.twice))):
        if args.only in (None, name):
            bench()
            print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
