"""A reason for every account's outcome, in words a rep would accept ("balance: Alice was 14% over").

Reasons compare the plan with the current book: the old owner's load before the
plan, the new rep's load before the plan and the distance saved.
"""

from __future__ import annotations

import numpy as np

from planner.territories.inputs import TerritoryProblem
from planner.territories.model import Targets

# A move counts as "geography" when it saves at least this share of the distance and this many km.
_GEO_SHARE = 0.25
_GEO_MIN_KM = 100.0


def _pct(value: float) -> str:
    return f"{100 * abs(value):.0f}%"


def move_reasons(
    problem: TerritoryProblem, targets: Targets, assign: np.ndarray, km_old: np.ndarray, km_new: np.ndarray
) -> np.ndarray:
    """Reason text per account (moved or not); ``km_old``/``km_new``: km to the old and new rep's home."""
    n = problem.n
    before = targets.loads(problem.owner, problem.k)
    rows = np.arange(n)
    owner = problem.owner
    out = np.empty(n, dtype=object)
    for a in rows:
        new = assign[a]
        old = owner[a]
        if old == new:
            out[a] = "locked: stays with owner" if problem.locked[a] else "stays with owner"
            continue
        new_name = problem.rep_names[new]
        if not problem.owner_label[a]:
            out[a] = f"no owner: assigned to {new_name}"
        elif old < 0:
            out[a] = f"owner '{problem.owner_label[a]}' is not on the team: assigned to {new_name}"
        else:
            out[a] = _moved_reason(problem, targets, before, (km_old[a], km_new[a]), a, old, new)
    return out


def _moved_reason(
    problem: TerritoryProblem,
    targets: Targets,
    before: dict[str, np.ndarray],
    km: tuple[float, float],
    a: int,
    old: int,
    new: int,
) -> str:
    old_name, new_name = problem.rep_names[old], problem.rep_names[new]
    if problem.eligible is not None and not problem.eligible[a, old]:
        return f"eligibility: {old_name} covers only {problem.coverage[old]}"
    if before["1"][old] > problem.capacity[old]:
        return f"capacity: {old_name} had {before['1'][old]:.0f} accounts (limit {problem.capacity[old]:.0f})"
    old_km, new_km = km
    closer = np.isfinite(old_km) and np.isfinite(new_km) and new_km < (1 - _GEO_SHARE) * old_km
    closer = bool(closer and old_km - new_km >= _GEO_MIN_KM)
    measures = [("w", "workload")]
    if targets.balance_potential:
        measures.insert(0, ("p", "potential"))
    over = max(measures, key=lambda m: before[m[0]][old])
    over_by = before[over[0]][old] - 1
    tol = targets.potential_tolerance if over[0] == "p" else targets.workload_tolerance
    if over_by > tol or (over_by > 0 and not closer):
        return f"balance: {old_name} was {_pct(over_by)} over mean {over[1]}"
    if closer:
        return f"geography: closer to {new_name} ({new_km:,.0f} km vs {old_km:,.0f} km)"
    under = min(measures, key=lambda m: before[m[0]][new])
    under_by = 1 - before[under[0]][new]
    if under_by > 0:
        return f"balance: {new_name} was {_pct(under_by)} under mean {under[1]}"
    return "balance: evens out potential and workload across the team"
