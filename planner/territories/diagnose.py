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
    return out


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
