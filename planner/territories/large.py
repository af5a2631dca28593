"""Large instances: LP relaxation by column generation, an LP-guided repair MILP, then local search.

Why this shape: a dense MILP over n x k binaries does not finish at 10,000 x 50.
But almost every account stays with its owner, so the LP only needs a few arcs
per account. We start from the owner and the cheapest other rep, price every
other arc with the LP duals (a vectorised n x k pass) and add the ones that
would lower the cost until none would: the LP is then optimal over *all* arcs.
At any round, ``LP value + sum over accounts of their most negative reduced
cost`` is a valid lower bound (each account takes exactly one arc), so the plan's
gap to that bound is proven, not estimated.

A basic LP solution splits at most one account per balance row, so only a few
dozen accounts are fractional. A small MILP re-decides them together with the
accounts the duals say are nearly indifferent between reps (the cheapest
neighbourhood in which to absorb rounding), keeping everyone else fixed.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

from planner.territories.local_search import improve
from planner.territories.milp import decode, solve_model
from planner.territories.model import LinearModel, Targets, build_model, objective
from planner.territories.solution import Solution

SOLVER_NAME = "LP column generation + repair MILP + local search (HiGHS)"
_CHUNK = 20_000  # accounts priced per block: bounds the n x k temporaries


def _cheapest(costs: np.ndarray, count: int) -> np.ndarray:
    """(n, count) indices of each account's cheapest reps (inf arcs sort last)."""
    count = min(count, costs.shape[1])
    return np.argpartition(costs, count - 1, axis=1)[:, :count]


def _initial_arcs(costs: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """Arc codes (account * k + rep) to start pricing from: the owner, or the 3 cheapest reps when unowned.

    One arc per owned account lets HiGHS's presolve drop those rows outright; pricing then
    adds only the arcs that pay off.
    """
    n, k = costs.shape
    owned = np.flatnonzero((owner >= 0) & np.isfinite(costs[np.arange(n), np.maximum(owner, 0)]))
    loose = np.setdiff1d(np.arange(n), owned)
    cheap = _cheapest(costs[loose], 3)
    codes = np.unique(np.concatenate([owned * k + owner[owned], (loose[:, None] * k + cheap).ravel()]))
    return codes[np.isfinite(costs.ravel()[codes])]


def _solve_lp(model: LinearModel):
    bounds = np.column_stack([np.zeros(len(model.c)), model.upper])
    return linprog(
        model.c,
        A_ub=model.A_ub,
        b_ub=model.b_ub,
        A_eq=model.A_eq,
        b_eq=model.b_eq,
        bounds=bounds,
        method="highs",
    )


@dataclass(frozen=True, eq=False)
class Relaxation:
    """The LP relaxation at the last pricing round: its arcs, solution, duals and proven bound."""

    model: LinearModel
    codes: np.ndarray  # arc codes account * k + rep, aligned with the model's arc columns
    x: np.ndarray
    bound: float
    y_eq: np.ndarray
    price: dict[str, np.ndarray]
    rounds: int

    def reduced_costs(self, costs: np.ndarray, targets: Targets, rows: np.ndarray | slice) -> np.ndarray:
        """Reduced cost of every arc of the given accounts: what moving them would cost at LP prices."""
        return (
            costs[rows]
            - self.y_eq[rows, None]
            - np.outer(targets.p[rows], self.price["p"])
            - np.outer(targets.w[rows], self.price["w"])
            - self.price["1"][None, :]
        )


def _price(relaxation: Relaxation, costs: np.ndarray, targets: Targets) -> tuple[np.ndarray, np.ndarray]:
    """Per account: its most negative reduced cost and the rep it belongs to (chunked: bounded memory)."""
    n = costs.shape[0]
    best = np.empty(n)
    best_rep = np.empty(n, dtype=int)
    for start in range(0, n, _CHUNK):
        rows = slice(start, min(n, start + _CHUNK))
        rc = relaxation.reduced_costs(costs, targets, rows)
        best_rep[rows] = rc.argmin(axis=1)
        best[rows] = rc[np.arange(rc.shape[0]), best_rep[rows]]
    return best, best_rep


def _relax(
    costs: np.ndarray, targets: Targets, owner: np.ndarray, balance_weight: float, deadline: float
) -> Relaxation:
    """Column generation until no arc prices out (the LP optimum over all arcs) or the deadline."""
    n, k = costs.shape
    codes = _initial_arcs(costs, owner)
    best_bound = -np.inf
    max_add = max(2_000, n // 10)
    rounds = 0
    while True:
        rounds += 1
        arc_account, arc_rep = np.divmod(codes, k)
        model = build_model(
            targets,
            np.arange(n),
            arc_account,
            arc_rep,
            costs[arc_account, arc_rep],
            k,
            balance_weight=balance_weight,
        )
        result = _solve_lp(model)
        if result.status != 0:
            raise RuntimeError(f"LP relaxation failed: {result.message}")
        relaxation = Relaxation(
            model,
            codes,
            result.x,
            best_bound,
            result.eqlin.marginals,
            model.dual_prices(result.ineqlin.marginals, k),
            rounds,
        )
        best, best_rep = _price(relaxation, costs, targets)
        # Lagrangian (Farley) bound: every account takes exactly one arc, so this is valid at any round.
        best_bound = max(best_bound, float(result.fun + np.minimum(best, 0.0).sum()))
        candidates = np.flatnonzero(best < -1e-7 * max(1.0, abs(result.fun) / n))
        new = candidates[~np.isin(candidates * k + best_rep[candidates], codes)]
        if new.size == 0:
            best_bound = max(best_bound, float(result.fun))  # no improving arc left: the LP optimum itself
        if new.size == 0 or time.monotonic() > deadline:
            return dataclasses.replace(relaxation, bound=best_bound)
        new = new[np.argsort(best[new])[:max_add]]
        codes = np.union1d(codes, new * k + best_rep[new])


def _repair(
    costs: np.ndarray,
    targets: Targets,
    assign: np.ndarray,
    free: np.ndarray,
    candidate_arcs: np.ndarray,
    balance_weight: float,
    time_limit: float,
) -> np.ndarray:
    """Re-decide the ``free`` accounts by MILP over ``candidate_arcs`` with everyone else fixed."""
    k = costs.shape[1]
    fixed = assign.copy()
    fixed[free] = -1
    base = targets.loads(fixed, k)
    arc_account, arc_rep = np.divmod(candidate_arcs, k)
    model = build_model(
        targets,
        free,
        arc_account,
        arc_rep,
        costs[arc_account, arc_rep],
        k,
        base=base,
        balance_weight=balance_weight,
    )
    result = solve_model(model, time_limit)
    out = assign.copy()
    if result.x is not None:
        decode(result.x, arc_account, arc_rep, out)
    return out


def _neighbourhood(
    relaxation: Relaxation,
    costs: np.ndarray,
    targets: Targets,
    assign: np.ndarray,
    owner: np.ndarray,
    fractional: np.ndarray,
    per_rep: int,
) -> np.ndarray:
    """Accounts the repair MILP may re-decide: fractional in the LP, moved, and nearly indifferent ones.

    "Nearly indifferent" = the smallest gap between the reduced cost of the account's
    current rep and its best alternative: at LP prices these are the cheapest to shift.
    """
    n, k = costs.shape
    movable = np.isfinite(costs).sum(axis=1) > 1
    moved = np.flatnonzero(movable & (owner >= 0) & (assign != owner))
    gap = np.full(n, np.inf)
    for start in range(0, n, _CHUNK):
        rows = np.arange(start, min(n, start + _CHUNK))
        rc = relaxation.reduced_costs(costs, targets, rows)
        here = rc[np.arange(rows.size), assign[rows]]
        rc[np.arange(rows.size), assign[rows]] = np.inf
        gap[rows] = rc.min(axis=1) - here
    chosen = [fractional, moved]
    for r in range(k):
        members = np.flatnonzero((assign == r) & movable)
        chosen.append(members[np.argsort(gap[members], kind="stable")[:per_rep]])
    return np.unique(np.concatenate(chosen))


def _repair_arcs(
    relaxation: Relaxation,
    costs: np.ndarray,
    targets: Targets,
    free: np.ndarray,
    assign: np.ndarray,
    owner: np.ndarray,
    per_account: int,
) -> np.ndarray:
    """Arcs for the free accounts: current rep, owner, the LP's support and the best reps at LP prices."""
    k = costs.shape[1]
    arc_account = relaxation.codes // k
    support = relaxation.codes[np.isin(arc_account, free) & (relaxation.x[: len(relaxation.codes)] > 1e-9)]
    rc = relaxation.reduced_costs(costs, targets, free)
    best = np.argpartition(rc, min(per_account, k) - 1, axis=1)[:, :per_account]
    owned = free[owner[free] >= 0]
    arcs = np.concatenate(
        [support, (free[:, None] * k + best).ravel(), free * k + assign[free], owned * k + owner[owned]]
    )
    arcs = np.unique(arcs)
    return arcs[np.isfinite(costs.ravel()[arcs])]


def solve_large(
    costs: np.ndarray,
    targets: Targets,
    owner: np.ndarray,
    *,
    balance_weight: float = 0.0,
    time_limit: float = 50.0,
) -> Solution:
    """Plan with a proven bound: LP relaxation (column generation), repair MILP, local search."""
    started = time.monotonic()

    def remaining() -> float:
        return time_limit - (time.monotonic() - started)

    n, k = costs.shape
    relaxation = _relax(costs, targets, owner, balance_weight, started + 0.45 * time_limit)
    arc_account, arc_rep = np.divmod(relaxation.codes, k)
    x = relaxation.x[: len(relaxation.codes)]
    rounded = np.full(n, -1)
    decode(x, arc_account, arc_rep, rounded)
    share = np.zeros(n)
    np.maximum.at(share, arc_account, x)
    fractional = np.flatnonzero(share < 1 - 1e-6)

    # Local search first: it turns the rounded LP into a plan within the bands quickly.
    best = improve(
        rounded, costs, targets, owner, balance_weight=balance_weight, time_limit=0.25 * remaining()
    )
    best_total = sum(objective(best, costs, targets, balance_weight))
    for per_rep in (10, 40):
        if remaining() < 2.0 or best_total - relaxation.bound <= 0.002 * max(abs(relaxation.bound), 1.0):
            break
        free = _neighbourhood(relaxation, costs, targets, best, owner, fractional, per_rep)
        arcs = _repair_arcs(relaxation, costs, targets, free, best, owner, 6)
        candidate = _repair(costs, targets, best, free, arcs, balance_weight, min(0.5 * remaining(), 20.0))
        total = sum(objective(candidate, costs, targets, balance_weight))
        if total < best_total - 1e-9:
            best, best_total = candidate, total
    best = improve(
        best, costs, targets, owner, balance_weight=balance_weight, time_limit=max(0.5, remaining())
    )
    cost, penalty = objective(best, costs, targets, balance_weight)
    return Solution(
        assign=best,
        cost=cost,
        penalty=penalty,
        bound=relaxation.bound,
        solver=SOLVER_NAME,
        optimal=False,
        detail=(
            f"{relaxation.rounds} pricing rounds, {len(relaxation.codes):,} arcs, "
            f"{fractional.size} fractional accounts in the LP"
        ),
    )
