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

The start plan comes from ``balance`` (the current book pushed into the bands),
then the LP over groups of similar accounts (``aggregate``) rounded and balanced
again, then local search. Above ``COLUMN_GENERATION_MAX_ARCS`` (100,000 x 100) that
start is the answer and the bound is the Lagrangian at the grouped LP's multipliers.

Determinism: the balancing pass, the grouped LP (HiGHS is deterministic), the rounding,
the local search (pass limits) and the bound (a fixed number of subgradient steps) do
not look at the clock, so the same input gives the same plan unless a time limit
below is reached (a slow or loaded machine). What does depend on the clock: the
grouped LP gets half of ``time_limit`` (if its last, full-band solve does not fit,
the bound comes from the narrowed LP's multipliers: same plan, a looser bound; if
no round fits, the plan is the balanced book after local search); the column
generation at 10,000 x 50 stops when the next LP would not fit its share of
``time_limit``; the repair MILPs run to a time limit.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass

import numpy as np

from planner.territories.aggregate import solve_grouped
from planner.territories.balance import balance
from planner.territories.lagrangian import lagrangian_bound
from planner.territories.local_search import improve
from planner.territories.milp import decode, solve_lp, solve_model
from planner.territories.model import Targets, build_model, objective
from planner.territories.solution import Solution

SOLVER_NAME = "LP column generation + repair MILP + local search (HiGHS)"
GROUPED_SOLVER_NAME = "grouped LP + balancing pass + local search, Lagrangian bound (HiGHS)"
_CHUNK = 20_000  # accounts priced per block: bounds the n x k temporaries
_REPAIR_MAX_ACCOUNTS = 4_000  # accounts a repair MILP may re-decide
_ROUNDING_MARGINS = (0.9, 0.75, 1.0)  # band scalings of the LP whose rounding seeds the local search
# Above this many (account, rep) arcs the LP column generation is skipped (100,000 x 100: it does not
# converge in a minute); the grouped LP's plan and multipliers stand instead.
COLUMN_GENERATION_MAX_ARCS = 2_000_000
_BALANCE_AIM = 0.9  # the balancing pass aims inside 90% of each tolerance
_START_PASSES = 3  # local-search passes on the start plan (each ~1-3 s at 100,000 accounts)
_BOUND_STEPS = 20  # subgradient steps from the grouped LP's multipliers (~0.1 s each at 100,000 x 100)


def _cheapest(costs: np.ndarray, count: int) -> np.ndarray:
    """(n, count) indices of each account's cheapest reps (inf arcs sort last)."""
    count = min(count, costs.shape[1])
    return np.argpartition(costs, count - 1, axis=1)[:, :count]


def _initial_arcs(costs: np.ndarray, owner: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Arc codes (account * k + rep) to start pricing from: each account's owner and its rep in ``start``.

    ``start`` is a feasible plan, so the first LP already has a point without slack and its
    duals price arcs sensibly. Accounts with one arc are dropped by HiGHS's presolve outright;
    accounts that moved in ``start`` also get their 3 cheapest reps.
    """
    n, k = costs.shape
    rows = np.arange(n)
    owned = rows[owner >= 0]
    moved = rows[start != owner]
    cheap = _cheapest(costs[moved], 3)
    codes = np.concatenate([owned * k + owner[owned], rows * k + start, (moved[:, None] * k + cheap).ravel()])
    codes = np.unique(codes)
    return codes[np.isfinite(costs.ravel()[codes])]


@dataclass(frozen=True, eq=False)
class Relaxation:
    """The LP relaxation at the last pricing round: its arcs, solution, duals and proven bound."""

    codes: np.ndarray  # arc codes account * k + rep
    x: np.ndarray  # LP value of each arc (aligned with codes)
    value: float  # LP objective
    bound: float
    multipliers: dict[str, np.ndarray]  # row kind -> per-rep multiplier (for the Lagrangian bound)
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

    def arc_reduced_costs(self, costs: np.ndarray, targets: Targets, codes: np.ndarray) -> np.ndarray:
        """Reduced cost of the given arcs (codes account * k + rep)."""
        account, rep = np.divmod(codes, costs.shape[1])
        return (
            costs[account, rep]
            - self.y_eq[account]
            - targets.p[account] * self.price["p"][rep]
            - targets.w[account] * self.price["w"][rep]
            - self.price["1"][rep]
        )


def _price(
    relaxation: Relaxation, costs: np.ndarray, targets: Targets, per_account: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per account: most negative reduced cost, and its ``per_account`` cheapest arcs (codes, reduced costs).

    Several arcs per account per round (not just the best) let the LP re-route an account
    when the reps' prices shift, which cuts the number of pricing rounds.
    """
    n, k = costs.shape
    width = min(per_account, k)
    best = np.empty(n)
    top_codes = np.empty((n, width), dtype=np.int64)
    top_rc = np.empty((n, width))
    for start in range(0, n, _CHUNK):
        rows = np.arange(start, min(n, start + _CHUNK))
        rc = relaxation.reduced_costs(costs, targets, rows)
        top = (
            np.argpartition(rc, width - 1, axis=1)[:, :width]
            if width < k
            else np.tile(np.arange(k), (len(rows), 1))
        )
        values = np.take_along_axis(rc, top, axis=1)
        best[rows] = values.min(axis=1)
        top_codes[rows] = rows[:, None] * k + top
        top_rc[rows] = values
    return best, top_codes, top_rc


def _solve_restricted(
    costs: np.ndarray,
    targets: Targets,
    codes: np.ndarray,
    balance_weight: float,
    bound: float,
    rounds: int,
    time_limit: float,
) -> Relaxation | None:
    """The LP over the arcs ``codes``; accounts with a single arc are fixed into the reps' base loads.

    Most accounts have only their owner's arc, so the LP HiGHS sees is the few thousand
    accounts that could move. Their duals follow from "the single arc has reduced cost 0".
    None when HiGHS runs out of ``time_limit``.
    """
    n, k = costs.shape
    arc_account, arc_rep = np.divmod(codes, k)
    counts = np.bincount(arc_account, minlength=n)
    single = counts[arc_account] == 1
    fixed = np.full(n, -1)
    fixed[arc_account[single]] = arc_rep[single]
    loose = np.flatnonzero(counts > 1)
    multi = ~single
    model = build_model(
        targets,
        loose,
        arc_account[multi],
        arc_rep[multi],
        costs[arc_account[multi], arc_rep[multi]],
        k,
        base=targets.loads(fixed, k),
        balance_weight=balance_weight,
    )
    result = solve_lp(model, time_limit)
    if result.status != 0:  # out of time (the model always has a solution: every row has slack)
        return None
    price = model.dual_prices(result.ineqlin.marginals, k)
    x = np.ones(len(codes))
    x[multi] = result.x[: model.n_arcs]
    y_eq = np.empty(n)
    if loose.size:
        y_eq[loose] = result.eqlin.marginals
    account, rep = arc_account[single], arc_rep[single]
    y_eq[account] = (
        costs[account, rep]
        - targets.p[account] * price["p"][rep]
        - targets.w[account] * price["w"][rep]
        - price["1"][rep]
    )
    value = float(result.fun + costs[account, rep].sum())
    multipliers = model.multipliers(result.ineqlin.marginals, k)
    return Relaxation(codes, x, value, bound, multipliers, y_eq, price, rounds)


def _relax(
    costs: np.ndarray,
    targets: Targets,
    owner: np.ndarray,
    start: np.ndarray,
    balance_weight: float,
    deadline: float,
) -> Relaxation | None:
    """Column generation from ``start``'s arcs until no arc prices out (the LP optimum) or the deadline.

    None when not even the first LP finished before the deadline.
    """
    n = costs.shape[0]
    codes = _initial_arcs(costs, owner, start)
    anchor = codes  # owner and start arcs: never dropped, so the LP always contains the start plan
    best_bound = -np.inf
    max_add = max(2_000, n // 4)
    rounds = 0
    last = 0.0  # seconds the previous LP took: the next, a little larger, must fit before the deadline
    solved: Relaxation | None = None
    while True:
        rounds += 1
        tick = time.monotonic()
        relaxation = _solve_restricted(
            costs, targets, codes, balance_weight, best_bound, rounds, deadline - time.monotonic()
        )
        last = time.monotonic() - tick
        if relaxation is None:
            return solved
        best, top_codes, top_rc = _price(relaxation, costs, targets, 3)
        # Lagrangian (Farley) bound: every account takes exactly one arc, so this is valid at any round.
        best_bound = max(best_bound, float(relaxation.value + np.minimum(best, 0.0).sum()))
        improving = top_rc < -1e-7 * max(1.0, abs(relaxation.value) / n)
        new = top_codes[improving]
        fresh = ~np.isin(new, codes)
        new, gain = new[fresh], top_rc[improving][fresh]
        if new.size == 0:
            best_bound = max(best_bound, relaxation.value)  # no improving arc left: the LP optimum itself
        solved = dataclasses.replace(relaxation, bound=best_bound)
        if new.size == 0 or time.monotonic() + 1.3 * last > deadline:
            return solved
        # Drop arcs the LP neither uses nor nearly wants (they return if the prices call for them):
        # the LP then stays small, and accounts back to a single arc leave it through presolve.
        arc_rc = relaxation.arc_reduced_costs(costs, targets, codes)
        keep = (relaxation.x > 1e-9) | (arc_rc < 0.05) | np.isin(codes, anchor)
        codes = np.union1d(codes[keep], new[np.argsort(gain)[:max_add]])


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
    chosen = [moved]
    for r in range(k):
        members = np.flatnonzero((assign == r) & movable)
        chosen.append(members[np.argsort(gap[members], kind="stable")[:per_rep]])
    pool = np.unique(np.concatenate(chosen))
    # HiGHS's presolve does not watch the clock: keep the MILP small, nearest-to-indifferent first.
    room = max(0, _REPAIR_MAX_ACCOUNTS - fractional.size)
    pool = np.setdiff1d(pool, fractional)
    pool = pool[np.argsort(gap[pool], kind="stable")[:room]]
    return np.union1d(fractional, pool)


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
    """Plan with a proven bound: a balanced, grouped-LP start; then (up to ``COLUMN_GENERATION_MAX_ARCS``)
    the LP relaxation by column generation, repair MILP and local search."""
    started = time.monotonic()

    def remaining() -> float:
        return time_limit - (time.monotonic() - started)

    n, k = costs.shape
    # A start in seconds even at 100,000 accounts: the grouped LP's rounding (or the current book),
    # pushed into the bands by the balancing pass, then local search. It seeds the LP and is the
    # fallback when time runs out.
    book = np.where(owner >= 0, owner, np.argmin(costs, axis=1))
    seed = balance(book, costs, targets, aim=_BALANCE_AIM)
    grouped = solve_grouped(costs, targets, owner, seed, balance_weight, 0.5 * time_limit)
    if grouped is not None:
        seed = balance(grouped.assign, costs, targets, aim=_BALANCE_AIM)
    greedy = improve(
        seed,
        costs,
        targets,
        owner,
        balance_weight=balance_weight,
        time_limit=max(1.0, 0.9 * remaining()),  # a safety net: the pass limit stops it first
        max_passes=_START_PASSES,
    )
    best, best_total = greedy, sum(objective(greedy, costs, targets, balance_weight))
    if n * k > COLUMN_GENERATION_MAX_ARCS:
        # Column generation does not converge in a minute here: the Lagrangian at the grouped LP's
        # multipliers (a few subgradient steps on) is the bound, the start plan the answer.
        bound = lagrangian_bound(
            costs,
            targets,
            balance_weight,
            grouped.multipliers if grouped is not None else {},
            objective(best, costs, targets, balance_weight)[0],
            started + time_limit,
            max_steps=_BOUND_STEPS,
        )
        how = (
            f"grouped LP over {grouped.groups:,} groups (value {grouped.value:,.2f})"
            if grouped is not None
            else "no grouped LP in time"
        )
        detail = f"{how}; balancing pass; local search"
        return _solution(best, costs, targets, balance_weight, bound, detail, GROUPED_SOLVER_NAME)
    relaxation = _relax(costs, targets, owner, greedy, balance_weight, started + 0.55 * time_limit)
    bound = relaxation.bound if relaxation is not None else -np.inf
    if relaxation is None or bound < relaxation.value - 1e-9:
        # Pricing stopped early (or no LP finished): tighten the bound from the duals (or from zero).
        # Duals of an LP still leaning on its slack (bound < 0 with costs >= 0) are a worse start than zero.
        useful = relaxation is not None and relaxation.bound >= 0
        start = relaxation.multipliers if useful else {}
        deadline = started + 0.7 * time_limit
        # Polyak's target: the best plan's cost without its penalty (a valid bound comes out either way).
        target = objective(best, costs, targets, balance_weight)[0]
        bound = max(bound, lagrangian_bound(costs, targets, balance_weight, start, target, deadline))
    if relaxation is None:
        best = improve(best, costs, targets, owner, balance_weight=balance_weight, time_limit=remaining())
        return _solution(best, costs, targets, balance_weight, bound, "no LP finished in time: greedy plan")

    arc_account, arc_rep = np.divmod(relaxation.codes, k)
    share = np.zeros(n)
    np.maximum.at(share, arc_account, relaxation.x)
    fractional = np.flatnonzero(share < 1 - 1e-6)

    # The LP sits on the band edges, so its rounding breaks them. The same LP with bands 10% (then
    # 25%) narrower leaves a margin that absorbs the rounding; local search then repairs what is left.
    for factor in _ROUNDING_MARGINS:
        if remaining() < 0.3 * time_limit and factor != _ROUNDING_MARGINS[0]:
            break
        narrow = _solve_restricted(
            costs, targets.tightened(factor), relaxation.codes, balance_weight, bound, 0, 0.3 * remaining()
        )
        if narrow is None:
            break
        rounded = np.full(n, -1)
        decode(narrow.x, arc_account, arc_rep, rounded)
        candidate = improve(
            rounded, costs, targets, owner, balance_weight=balance_weight, time_limit=0.2 * remaining()
        )
        total = sum(objective(candidate, costs, targets, balance_weight))
        if total < best_total:
            best, best_total = candidate, total
    for per_rep in (10, 40):
        if remaining() < 2.0 or best_total - bound <= 0.002 * max(abs(bound), 1.0):
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
    detail = (
        f"{relaxation.rounds} pricing rounds, {len(relaxation.codes):,} arcs, "
        f"{fractional.size} fractional accounts in the LP"
    )
    return _solution(best, costs, targets, balance_weight, bound, detail)


def _solution(
    assign: np.ndarray,
    costs: np.ndarray,
    targets: Targets,
    balance_weight: float,
    bound: float,
    detail: str,
    solver: str = SOLVER_NAME,
) -> Solution:
    cost, penalty = objective(assign, costs, targets, balance_weight)
    return Solution(
        assign=assign,
        cost=cost,
        penalty=penalty,
        bound=bound if np.isfinite(bound) else None,
        solver=solver,
        optimal=False,
        detail=detail,
    )
