"""What an assignment costs: disruption (moving an account away from its owner) plus distance.

Cost units are "one account moved"; distance is counted per 1,000 km from the
rep's home so that the weights read as "how many moves is 1,000 km worth".
Without coordinates, a region (or state) mismatch stands in for distance.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np

from planner.geo import haversine_km
from planner.territories.inputs import TerritoryProblem

KM_UNIT: Final = 1000.0
# Distance-equivalents (in 1,000 km) used when an account or rep has no coordinates.
REGION_MISMATCH: Final = 1.0
STATE_MISMATCH: Final = 0.3


@dataclass(frozen=True)
class Weights:
    """Objective weights of a plan (a scenario is a named set of these).

    move: cost of moving one account away from its current owner.
    move_value: extra cost per moved account, times its potential over the mean account potential
        (so moving a big customer counts more than moving a small one).
    geography: cost per 1,000 km between an account and its rep's home.
    balance: cost per unit of |rep load / team mean - 1|, summed over reps, for potential and workload:
        pulls reps towards the mean even inside the tolerance band.
    """

    move: float = 1.0
    move_value: float = 0.0
    geography: float = 0.05
    balance: float = 0.0

    def __post_init__(self) -> None:
        for name in ("move", "move_value", "geography", "balance"):
            if getattr(self, name) < 0:
                raise ValueError(f"weight '{name}' must be >= 0")


def distance_km(problem: TerritoryProblem, rows: np.ndarray | None = None) -> np.ndarray:
    """(rows, k) km from each account to each rep's home; NaN where either has no location."""
    index = np.arange(problem.n) if rows is None else rows
    lat = problem.lat[index][:, None]
    lon = problem.lon[index][:, None]
    return haversine_km(lat, lon, problem.rep_lat[None, :], problem.rep_lon[None, :])


def km_to_rep(problem: TerritoryProblem, rep: np.ndarray) -> np.ndarray:
    """(n,) km from each account to the home of the given rep (NaN where unknown or rep < 0)."""
    safe = np.maximum(rep, 0)
    km = haversine_km(problem.lat, problem.lon, problem.rep_lat[safe], problem.rep_lon[safe])
    return np.where(rep >= 0, km, np.nan)


def geography_units(problem: TerritoryProblem, rows: np.ndarray | None = None) -> np.ndarray:
    """(rows, k) distance in 1,000 km, falling back to region/state mismatch where a location is missing."""
    index = np.arange(problem.n) if rows is None else rows
    units = distance_km(problem, index) / KM_UNIT
    missing = ~np.isfinite(units)
    if missing.any():
        region = problem.region[index][:, None]
        rep_region = problem.rep_region[None, :]
        comparable = (
            (region != "") & (rep_region != "") & np.isin(problem.rep_region, problem.region)[None, :]
        )
        fallback = np.where(comparable & (region != rep_region), REGION_MISMATCH, 0.0)
        units = np.where(missing, fallback, units)
    return units


def move_costs(problem: TerritoryProblem, weights: Weights) -> np.ndarray:
    """Per-account cost of moving it away from its owner (0 for unowned accounts)."""
    mean_potential = problem.potential.mean() if problem.potential.sum() > 0 else 1.0
    cost = weights.move + weights.move_value * problem.potential / mean_potential
    return np.where(problem.owner >= 0, cost, 0.0)


def assignment_costs(
    problem: TerritoryProblem, weights: Weights, rows: np.ndarray | None = None
) -> np.ndarray:
    """(rows, k) cost of giving each account to each rep; ``inf`` where the arc is not allowed."""
    index = np.arange(problem.n) if rows is None else rows
    cost = (
        weights.geography * geography_units(problem, index)
        if weights.geography
        else np.zeros((len(index), problem.k))
    )
    owner = problem.owner[index]
    moved = np.ones((len(index), problem.k), dtype=bool)
    owned = np.flatnonzero(owner >= 0)
    moved[owned, owner[owned]] = False
    cost = cost + moved * move_costs(problem, weights)[index][:, None]
    return np.where(problem.allowed()[index], cost, np.inf)
