"""How good a plan is, in the numbers a sales VP asks for: fairness, disruption, compactness, proof.

CV (coefficient of variation) = standard deviation / mean of the per-rep totals:
0 is perfectly even. Max/min ratio: the best-loaded rep over the least-loaded.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.schema import Rep, Score, Territory
from planner.territories.inputs import TerritoryProblem


@dataclass(frozen=True)
class PlanMetrics:
    """Team-level figures of one plan (the JSON keys the CLI prints)."""

    accounts: int
    reps: int
    potential_cv: float
    workload_cv: float
    potential_max_min: float | None  # None when some rep has none
    workload_max_min: float | None
    max_potential_deviation: float  # largest |rep potential / mean - 1|
    max_workload_deviation: float
    moved_accounts: int
    moved_a_tier: int  # of them, tier A: the relationships a manager least wants to hand over
    moved_value: float  # potential of the moved accounts
    moved_share: float  # moved accounts / accounts that had an owner on the team
    newly_assigned: int  # accounts that had no owner on the team
    locked_accounts: int
    mean_distance_km: float | None  # mean account-to-rep-home distance (None without locations)
    home_region_share: float | None  # share of accounts in their rep's home region (None without regions)
    within_tolerance: bool
    cost: float
    bound: float | None
    bound_gap: float | None


def _cv(values: np.ndarray) -> float:
    mean = values.mean()
    return float(values.std() / mean) if mean > 0 else 0.0


def _max_min(values: np.ndarray) -> float | None:
    low = values.min()
    return float(values.max() / low) if low > 0 else None


def rep_table(problem: TerritoryProblem, assign: np.ndarray, km: np.ndarray) -> pd.DataFrame:
    """Per-rep totals of a plan: potential, workload, accounts, A-tier accounts, compactness, moves."""
    k = problem.k
    potential = np.bincount(assign, weights=problem.potential, minlength=k)
    workload = np.bincount(assign, weights=problem.workload, minlength=k)
    count = np.bincount(assign, minlength=k)
    a_tier = np.bincount(assign[problem.tier == "A"], minlength=k)
    located = np.isfinite(km)
    km_sum = np.bincount(assign[located], weights=km[located], minlength=k)
    km_n = np.bincount(assign[located], minlength=k)
    home = _home_region_mask(problem, assign)
    home_n = np.bincount(assign[home], minlength=k) if home is not None else None
    moved = assign != problem.owner
    owned_moved = moved & (problem.owner >= 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        table = pd.DataFrame(
            {
                Territory.REP: pd.array(problem.rep_names, dtype="string"),
                Territory.ACCOUNTS: count,
                Territory.A_TIER: a_tier,
                Score.POTENTIAL: potential,
                Territory.POTENTIAL_INDEX: potential / potential.mean() if potential.mean() > 0 else np.nan,
                Score.WORKLOAD: workload,
                Territory.WORKLOAD_INDEX: workload / workload.mean(),
                Territory.MEAN_KM: np.where(km_n > 0, km_sum / np.maximum(km_n, 1), np.nan),
                Territory.HOME_SHARE: home_n / np.maximum(count, 1) if home_n is not None else np.nan,
                Territory.MOVED_IN: np.bincount(assign[moved], minlength=k),
                Territory.MOVED_OUT: np.bincount(problem.owner[owned_moved], minlength=k),
                Rep.CAPACITY: np.where(np.isfinite(problem.capacity), problem.capacity, np.nan),
            }
        )
    return table


def _home_region_mask(problem: TerritoryProblem, assign: np.ndarray) -> np.ndarray | None:
    """Accounts in their rep's home region; None when regions cannot be compared."""
    rep_region = problem.rep_region[assign]
    comparable = (problem.region != "") & (rep_region != "")
    if not comparable.any() or not np.isin(problem.rep_region, problem.region).any():
        return None
    return comparable & (problem.region == rep_region)


def plan_metrics(
    problem: TerritoryProblem,
    assign: np.ndarray,
    km: np.ndarray,
    *,
    within_tolerance: bool,
    cost: float,
    bound: float | None,
    gap: float | None,
) -> PlanMetrics:
    """Team-level metrics of ``assign`` (``km``: each account's distance to its new rep's home)."""
    k = problem.k
    potential = np.bincount(assign, weights=problem.potential, minlength=k)
    workload = np.bincount(assign, weights=problem.workload, minlength=k)
    owned = problem.owner >= 0
    moved = owned & (assign != problem.owner)
    home = _home_region_mask(problem, assign)
    comparable = (problem.region != "") & (problem.rep_region[assign] != "")
    return PlanMetrics(
        accounts=problem.n,
        reps=k,
        potential_cv=_cv(potential),
        workload_cv=_cv(workload),
        potential_max_min=_max_min(potential),
        workload_max_min=_max_min(workload),
        max_potential_deviation=float(np.abs(potential / potential.mean() - 1).max())
        if potential.mean() > 0
        else 0.0,
        max_workload_deviation=float(np.abs(workload / workload.mean() - 1).max()),
        moved_accounts=int(moved.sum()),
        moved_a_tier=int((moved & (problem.tier == "A")).sum()),
        moved_value=float(problem.potential[moved].sum()),
        moved_share=float(moved.sum() / owned.sum()) if owned.any() else 0.0,
        newly_assigned=int((~owned).sum()),
        locked_accounts=int(problem.locked.sum()),
        mean_distance_km=float(np.nanmean(km)) if np.isfinite(km).any() else None,
        home_region_share=float(home.sum() / comparable.sum()) if home is not None else None,
        within_tolerance=within_tolerance,
        cost=cost,
        bound=bound,
        bound_gap=gap,
    )
