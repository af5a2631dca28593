"""Why a tolerance cannot be met: structural causes found before solving, and the rows left violated after.

A manager needs "Alice's locked accounts alone are 131% of a fair share", not
"infeasible". The structural checks name causes no plan can get around; the
violations of the best plan found say where it still falls short.
"""

from __future__ import annotations

import numpy as np

from planner.territories.inputs import TerritoryProblem
from planner.territories.model import Targets

_ROW_LABELS = {
    "potential_over": "potential above the band",
    "potential_under": "potential below the band",
    "workload_over": "workload above the band",
    "workload_under": "workload below the band",
    "capacity_accounts": "over account capacity",
    "capacity_workload": "over workload capacity",
}


def _pct(value: float) -> str:
    return f"{100 * value:.0f}%"


def band_text(targets: Targets) -> str:
    """ "±5% potential and ±10% workload" (one decimal when the tolerance needs it)."""
    return f"±{_tol(targets.potential_tolerance)} potential and ±{_tol(targets.workload_tolerance)} workload"


def _tol(value: float) -> str:
    return f"{100 * value:.0f}%" if abs(100 * value - round(100 * value)) < 1e-9 else f"{100 * value:.1f}%"


def _name(problem: TerritoryProblem, a: int) -> str:
    return str(problem.account_names[a] or problem.account_ids[a])


def structural_blockers(problem: TerritoryProblem, targets: Targets) -> list[str]:
    """Causes that make the bands impossible whatever the assignment."""
    out: list[str] = []
    total_capacity = float(problem.capacity.sum())
    if total_capacity < problem.n:
        out.append(
            f"capacity: the reps can hold {total_capacity:,.0f} accounts in total but there are {problem.n:,}"
        )
    if np.isfinite(targets.max_workload).all() and targets.max_workload.sum() < problem.k - 1e-9:
        out.append("capacity: the reps' maximum workloads add up to less than the total workload")
    for measure, label, tol in (
        ("p", "potential", targets.potential_tolerance),
        ("w", "workload", targets.workload_tolerance),
    ):
        if measure == "p" and not targets.balance_potential:
            continue
        values = targets.measure(measure)
        biggest = int(values.argmax())
        if values[biggest] > 1 + tol:
            out.append(
                f"{label}: account '{_name(problem, biggest)}' alone is "
                f"{_pct(values[biggest])} of a rep's fair share (limit {_pct(1 + tol)})"
            )
        locked = problem.locked
        per_rep = np.bincount(problem.owner[locked], weights=values[locked], minlength=problem.k)
        for r in np.flatnonzero(per_rep > 1 + tol):
            out.append(
                f"locks: {problem.rep_names[r]}'s locked accounts alone carry {_pct(per_rep[r])} of the mean "
                f"{label} (limit {_pct(1 + tol)})"
            )
        if problem.n < problem.k:
            out.append(f"{label}: {problem.n} accounts cannot give each of {problem.k} reps a fair share")
    return out + eligibility_blockers(problem, targets)


# Above this many distinct eligibility patterns the pairwise subset test is skipped (it is quadratic).
_MAX_PATTERNS = 300


def eligibility_blockers(problem: TerritoryProblem, targets: Targets) -> list[str]:
    """Groups of reps whose eligibility rules alone force them outside the band (or over capacity).

    Accounts that only reps in a set S may take must be carried by S, so S overflows when they
    weigh more than |S| fair shares plus the tolerance; and S starves when every account any rep
    of S may take weighs less than |S| fair shares minus it. S runs over the sets of reps the
    accounts' rules produce, and over each single rep.
    """
    if problem.eligible is None:
        return []
    patterns, inverse = _distinct_rows(problem.eligible)
    if len(patterns) > _MAX_PATTERNS:
        return []
    singles = np.eye(problem.k, dtype=bool)
    groups = np.unique(np.vstack([patterns[~patterns.all(axis=1)], singles]), axis=0)
    measures = [("w", "workload", targets.workload_tolerance)]
    if targets.balance_potential:
        measures.insert(0, ("p", "potential", targets.potential_tolerance))
    over: list[str] = []  # overflowing groups first: they name the accounts that cannot be spread
    under: list[str] = []
    for group in groups:
        size = int(group.sum())
        inside = ~(patterns & ~group).any(axis=1)  # patterns whose reps all belong to the group
        forced = inside[inverse]
        reach = (patterns & group).any(axis=1)[inverse]
        who = _reps_text(problem, group)
        for measure, label, tol in measures:
            values = targets.measure(measure)
            carried, reachable = float(values[forced].sum()), float(values[reach].sum())
            if carried > size * (1 + tol) + 1e-9:
                over.append(
                    f"eligibility: the {int(forced.sum()):,} accounts only {who} may take carry "
                    f"{_pct(carried / size)} of a fair share of {label} per rep (limit {_pct(1 + tol)})"
                )
            if reachable < size * (1 - tol) - 1e-9:
                under.append(
                    f"eligibility: every account {who} may take adds up to {_pct(reachable / size)} of "
                    f"a fair share of {label} per rep (floor {_pct(1 - tol)})"
                )
        capacity = float(problem.capacity[group].sum())
        if forced.sum() > capacity:
            over.append(
                f"eligibility: {int(forced.sum()):,} accounts only {who} may take, over their capacity of "
                f"{capacity:,.0f} accounts"
            )
    return over + under


def _distinct_rows(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of a bool matrix and each row's index among them.

    Rows are packed to bytes first: ``np.unique(axis=0)`` sorts row by row and takes
    seconds on 100,000 accounts x 100 reps, the packed keys take milliseconds.
    """
    packed = np.ascontiguousarray(np.packbits(mask, axis=1))
    keys = packed.view(np.dtype((np.void, packed.shape[1]))).ravel()
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return mask[first], inverse.ravel()


def _reps_text(problem: TerritoryProblem, group: np.ndarray) -> str:
    names = [problem.rep_names[r] for r in np.flatnonzero(group)]
    if len(names) == 1:
        return names[0]
    if len(names) <= 4:
        return ", ".join(names[:-1]) + f" and {names[-1]}"
    return f"{len(names)} reps ({', '.join(names[:3])}, ...)"


def violated_rows(problem: TerritoryProblem, targets: Targets, assign: np.ndarray) -> list[str]:
    """One line per band or capacity row the plan still violates, worst first."""
    load = targets.loads(assign, problem.k)
    lines: list[tuple[float, str]] = []
    for kind, excess in targets.violations(assign, problem.k).items():
        for r in np.flatnonzero(excess > 1e-6):
            name = problem.rep_names[r]
            if kind.startswith(("potential", "workload")):
                measure = "p" if kind.startswith("potential") else "w"
                text = f"{name}: {_ROW_LABELS[kind]} ({_pct(load[measure][r])} of the team mean)"
            elif kind == "capacity_accounts":
                limit = problem.capacity[r]
                text = f"{name}: {_ROW_LABELS[kind]} ({load['1'][r]:.0f} accounts, limit {limit:.0f})"
            else:
                text = f"{name}: {_ROW_LABELS[kind]}"
            lines.append((float(excess[r]), text))
    return [text for _, text in sorted(lines, key=lambda item: -item[0])]


def lumpiness(problem: TerritoryProblem, targets: Targets) -> str:
    """The likely cause when no structural blocker applies: accounts too few or too large for the band."""
    per_rep = problem.n / problem.k
    share = float(np.sort(targets.p if targets.balance_potential else targets.w)[-3:].mean())
    return (
        f"granularity: with {per_rep:.1f} accounts per rep and the largest accounts at {_pct(share)} of a "
        f"fair share, no whole-account split reaches the band; widen the tolerance or unlock accounts"
    )
