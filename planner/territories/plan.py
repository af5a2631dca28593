"""``plan_territories``: choose a solver, run it, and turn the solution into a ``TerritoryPlan``.

Small instances get the exact MILP (a proven optimum); larger ones the LP
column-generation method with its proven bound; the largest (over 2M arcs, e.g.
100,000 x 100) the grouped LP's plan with a Lagrangian bound (``large``). Either way the plan says
whether the tolerance was met and, if not, which constraint blocks it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Final

import numpy as np
import pandas as pd

from planner.schema import Account, Score, Territory
from planner.territories.cost import Weights, assignment_costs, km_to_rep
from planner.territories.diagnose import band_text, lumpiness, structural_blockers, violated_rows
from planner.territories.inputs import TerritoryProblem
from planner.territories.large import solve_large
from planner.territories.metrics import PlanMetrics, plan_metrics, rep_table
from planner.territories.milp import MIP_GAP, solve_exact
from planner.territories.model import Targets
from planner.territories.reasons import move_reasons
from planner.territories.scenarios import Scenario, scenario
from planner.territories.solution import Solution

# Above this many allowed (account, rep) arcs the exact MILP is not attempted.
EXACT_MAX_ARCS: Final = 15_000
# The exact MILP's own time limit in "auto" mode: past it, the large method usually does as well, faster.
EXACT_TIME_LIMIT: Final = 20.0
METHODS: Final = ("auto", "exact", "large")

# The plan CSV: one row per account, in this order.
EXPORT_COLUMNS: Final = (
    Account.ID,
    Account.NAME,
    Territory.OLD_OWNER,
    Territory.NEW_OWNER,
    Territory.MOVED,
    Territory.REASON,
    Score.POTENTIAL,
    Score.WORKLOAD,
    Score.TIER,
    Territory.LOCKED,
    Territory.DISTANCE_KM,
)
# Decimals of the plan CSV's numbers: whole dollars of potential, workload (tier weights, maybe scaled
# by a state's travel weight) to two, whole kilometres. 0 writes integers: "10263", not "10263.0".
EXPORT_DECIMALS: Final = {Score.POTENTIAL: 0, Score.WORKLOAD: 2, Territory.DISTANCE_KM: 0}

OPTIMAL: Final = "optimal"
WITHIN: Final = "within tolerance"
NOT_MET: Final = "tolerance not met"


@dataclass(frozen=True, eq=False)
class TerritoryPlan:
    """A territory plan: who works which account, why, how fair and disruptive it is, and how we know."""

    scenario: str
    tolerance: float
    workload_tolerance: float
    weights: Weights
    status: str  # "optimal" | "within tolerance" | "tolerance not met"
    message: str
    blocking: tuple[str, ...]
    solver: str
    bound: float | None
    gap: float | None
    runtime_s: float
    metrics: PlanMetrics
    reps: pd.DataFrame
    assignments: pd.DataFrame
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def moves(self) -> pd.DataFrame:
        """Only the accounts that change hands, with their reasons."""
        return self.assignments[self.assignments[Territory.MOVED] == "yes"]

    def export_frame(self) -> pd.DataFrame:
        """The plan as the CSV a CRM import or a spreadsheet expects (``EXPORT_COLUMNS``).

        Flags read yes/no like ``moved``, not True/False, so a spreadsheet filter shows one vocabulary.
        Numbers carry the precision they have (``EXPORT_DECIMALS``): potential is an estimate, so
        10262.657050598093 promised cents and more that nobody knows.
        """
        frame = self.assignments[list(EXPORT_COLUMNS)]
        locked = frame[Territory.LOCKED].astype(bool)
        rounded = {
            column: frame[column].round(decimals).astype("Int64" if decimals == 0 else "float64")
            for column, decimals in EXPORT_DECIMALS.items()
        }
        return frame.assign(**rounded, **{Territory.LOCKED: locked.map({True: "yes", False: "no"})})

    def parameters(self) -> dict[str, object]:
        """What produced the plan (what a saved scenario records)."""
        return {
            "scenario": self.scenario,
            "tolerance": self.tolerance,
            "workload_tolerance": self.workload_tolerance,
            "weights": self.weights,
            "solver": self.solver,
        }


def plan_territories(
    problem: TerritoryProblem,
    *,
    tolerance: float = 0.05,
    workload_tolerance: float | None = None,
    scenario_name: str | None = None,
    weights: Weights | None = None,
    method: str = "auto",
    time_limit: float = 50.0,
) -> TerritoryPlan:
    """Assign every account to one rep within ``tolerance`` of the team mean, at least cost.

    ``weights`` override the scenario's preset weights. ``method``: "auto" (exact when small),
    "exact" or "large".
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}")
    started = time.monotonic()
    chosen: Scenario = scenario(scenario_name)
    weights = weights or chosen.weights
    targets = Targets.of(problem, tolerance, workload_tolerance)
    costs = assignment_costs(problem, weights)
    solution = _solve(problem, costs, targets, weights, method, time_limit)
    return _to_plan(problem, targets, weights, chosen.name, solution, time.monotonic() - started)


def _solve(
    problem: TerritoryProblem,
    costs: np.ndarray,
    targets: Targets,
    weights: Weights,
    method: str,
    time_limit: float,
) -> Solution:
    arcs = int(np.isfinite(costs).sum())
    if method == "exact" or (method == "auto" and arcs <= EXACT_MAX_ARCS):
        limit = time_limit if method == "exact" else min(time_limit, EXACT_TIME_LIMIT)
        exact = solve_exact(costs, targets, balance_weight=weights.balance, time_limit=limit)
        if exact is not None:
            return exact
    return solve_large(costs, targets, problem.owner, balance_weight=weights.balance, time_limit=time_limit)


def _status(
    problem: TerritoryProblem, targets: Targets, solution: Solution, moved: int
) -> tuple[str, str, tuple[str, ...]]:
    violated = violated_rows(problem, targets, solution.assign)
    bands = band_text(targets)
    if not violated:
        status = OPTIMAL if solution.optimal else WITHIN
        proof = f"optimal to within {MIP_GAP:.1%}" if solution.optimal else _gap_text(solution)
        return status, f"All {problem.k} reps are within {bands}; {moved:,} accounts move ({proof}).", ()
    causes = structural_blockers(problem, targets) or [lumpiness(problem, targets)]
    shown = "; ".join(violated[:3]) + (f"; and {len(violated) - 3} more" if len(violated) > 3 else "")
    message = (
        f"The {bands} band cannot be met. Still outside: {shown}. Blocked by: {causes[0]}. "
        "Showing the best plan found."
    )
    return NOT_MET, message, tuple(causes + violated)


def _gap_text(solution: Solution) -> str:
    if solution.gap is None:
        return "how close to the best possible plan is not known"
    return f"within {100 * solution.gap:.1f}% of the best possible plan"


def _to_plan(
    problem: TerritoryProblem,
    targets: Targets,
    weights: Weights,
    scenario_name: str,
    solution: Solution,
    runtime: float,
) -> TerritoryPlan:
    assign = solution.assign
    km_new = km_to_rep(problem, assign)
    km_old = km_to_rep(problem, problem.owner)
    moved = assign != problem.owner
    owned_moved = int((moved & (problem.owner >= 0)).sum())
    status, message, blocking = _status(problem, targets, solution, owned_moved)
    metrics = plan_metrics(
        problem,
        assign,
        km_new,
        within_tolerance=status != NOT_MET,
        cost=solution.cost,
        bound=solution.bound,
        gap=solution.gap,
    )
    assignments = pd.DataFrame(
        {
            Account.ID: pd.array(problem.account_ids, dtype="string"),
            Account.NAME: pd.array(problem.account_names, dtype="string"),
            Territory.OLD_OWNER: pd.array(problem.owner_label, dtype="string"),
            Territory.NEW_OWNER: pd.array(
                np.asarray(problem.rep_names, dtype=object)[assign], dtype="string"
            ),
            Territory.MOVED: np.where(moved, "yes", "no"),
            Territory.REASON: pd.array(
                move_reasons(problem, targets, assign, km_old, km_new), dtype="string"
            ),
            Score.POTENTIAL: problem.potential,
            Score.WORKLOAD: problem.workload,
            Score.TIER: pd.array(problem.tier, dtype="string"),
            Territory.LOCKED: problem.locked,
            Territory.DISTANCE_KM: np.round(km_new, 1),
            Account.LAT: problem.lat,
            Account.LON: problem.lon,
            Account.STATE: pd.array(problem.state, dtype="string"),
        }
    )
    return TerritoryPlan(
        scenario=scenario_name,
        tolerance=targets.potential_tolerance,
        workload_tolerance=targets.workload_tolerance,
        weights=weights,
        status=status,
        message=message,
        blocking=blocking,
        solver=solution.solver,
        bound=solution.bound,
        gap=solution.gap,
        runtime_s=round(runtime, 3),
        metrics=metrics,
        reps=rep_table(problem, assign, km_new),
        assignments=assignments,
        notes=problem.notes,
    )
