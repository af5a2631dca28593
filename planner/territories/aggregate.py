"""Very large instances: the LP over groups of similar accounts, realised account by account.

Why: at 100,000 accounts x 100 reps neither the full LP nor column generation over
the accounts solves in a minute, and first-order methods on the Lagrangian dual
(subgradient, smoothing) stall well short of the LP bound. But accounts with the
same owner, the same nearest other rep (a stand-in for location) and a similar size
are nearly interchangeable to the LP: one column per (group, rep) carrying the group's
totals keeps every band and capacity row exact while the LP shrinks ~15-fold (6,507
groups at 100,000 x 100), and column generation keeps only ~6-8 arcs per group.

The grouped LP's duals price every single account, so the Lagrangian at those
multipliers is a valid lower bound for the real problem (measured: 0.5% below the
full LP at 10,000 x 50; 24,059 at 100,000 x 100, where the full LP lies in
[24,057, 24,154]). Its solution says what share of each group goes to which rep;
a low-discrepancy pick within the group (sorted by size) hands each rep that share
of small and large accounts alike, so the loads land close to the LP's. The LP is
solved with bands narrowed by ``FACTOR`` to leave room for that rounding.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from typing import Final

import numpy as np
from scipy import sparse
from scipy.optimize import OptimizeResult

from planner.territories.milp import solve_lp
from planner.territories.model import LinearModel, Targets, build_model

# Share of each tolerance the grouped LP aims for: the rest absorbs the rounding to whole accounts.
FACTOR: Final = 0.9
# Size classes within an (owner, location) group, as quantile edges of potential + workload: finer at
# the top, where the accounts that move are. Measured at 100,000 x 100: 5 classes gap 3.5%, 10 classes
# 2.2% (plan -0.3%, bound +0.4%, the bound then within 0.4% of the full LP's) for ~6 s more LP.
SIZE_EDGES: Final = (0.3, 0.5, 0.65, 0.75, 0.83, 0.9, 0.95, 0.98, 0.995)
# Arcs per group offered to the LP: its owner plus the cheapest reps (the LP rarely sends a group further).
ARCS_PER_GROUP: Final = 6
_MAX_ROUNDS: Final = 12  # pricing rounds of the grouped LP (it usually needs 2-4)
_GAIN: Final = 1e-3  # a pricing round that lowers the LP by less than this share is the last
_ADD_PER_GROUP: Final = 2  # arcs a group may gain per pricing round (the LP stays small)
_GOLDEN: Final = (np.sqrt(5.0) - 1.0) / 2.0


@dataclass(frozen=True, eq=False)
class GroupedLP:
    """The grouped LP's rounded plan and its row multipliers (kind -> per rep, for the Lagrangian bound)."""

    assign: np.ndarray
    multipliers: dict[str, np.ndarray]
    value: float
    groups: int


def group_accounts(costs: np.ndarray, targets: Targets, owner: np.ndarray, movable: np.ndarray) -> np.ndarray:
    """Group id per movable account (-1 for the others): owner x nearest other rep x size class."""
    n, k = costs.shape
    other = np.where(np.arange(k)[None, :] == owner[:, None], np.inf, costs)
    nearest = other.argmin(axis=1)
    place = (owner + 1).astype(np.int64) * k + nearest  # owner -1 (none) is a place of its own
    size = targets.p + targets.w
    rows = np.flatnonzero(movable)
    order = rows[np.lexsort((rows, size[rows], place[rows]))]
    key = place[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    counts = np.diff(np.r_[starts, order.size])
    rank = (np.arange(order.size) - np.repeat(starts, counts)) / np.repeat(counts, counts)
    size_class = np.searchsorted(np.asarray(SIZE_EDGES), rank, side="right")
    _, gid = np.unique(key * (len(SIZE_EDGES) + 1) + size_class, return_inverse=True)
    out = np.full(n, -1)
    out[order] = gid
    return out


def solve_grouped(
    costs: np.ndarray,
    targets: Targets,
    owner: np.ndarray,
    start: np.ndarray,
    balance_weight: float,
    time_limit: float,
) -> GroupedLP | None:
    """Grouped LP (bands x ``FACTOR``) and its rounding; None when HiGHS does not finish in ``time_limit``.

    ``start`` (best a plan inside the bands) supplies the first LP's arcs; accounts with a single
    allowed rep stay where it puts them and enter as fixed loads. The multipliers come from the
    same LP with the full bands (one more solve over the final arcs): the narrowed LP's duals
    price a tighter problem and give a weaker bound (100,000 x 100, 5 size classes: 23,505 vs 23,858).
    """
    deadline = time.monotonic() + time_limit
    grouping = _Grouping(costs, targets, owner, start, balance_weight)
    if grouping.size == 0:
        return None
    k = costs.shape[1]
    narrow = grouping.scaled(targets.tightened(FACTOR))
    # Each group's cheapest reps, and every rep ``start`` gives some of its accounts to: a balanced
    # start makes the first LP feasible without slack, so its duals price the other arcs well.
    arcs = np.union1d(_cheapest_arcs(grouping.cost, ARCS_PER_GROUP), grouping.used_arcs(start))
    solved = None  # (arcs, model, result) of the last LP that finished
    for _ in range(_MAX_ROUNDS):
        model, result = grouping.solve(narrow, arcs, deadline)
        if result.status != 0:
            break
        previous = solved[2].fun if solved is not None else np.inf
        solved = (arcs, model, result)
        fresh = _priced_out(model, result, narrow, grouping.cost, arcs)
        # Stop when no arc prices out, or when a round gained less than ``_GAIN``: the duals are then
        # as good as the bound needs and more rounds only cost time.
        if fresh.size == 0 or previous - result.fun < _GAIN * abs(result.fun):
            break
        arcs = np.union1d(arcs, fresh)
    if solved is None:
        return None
    arcs, model, result = solved
    group_account, group_rep = np.divmod(arcs, k)
    assign = start.copy()
    _round(assign, grouping.gid, targets.p + targets.w, group_account, group_rep, result.x[: model.n_arcs])
    multipliers = model.multipliers(result.ineqlin.marginals, k)
    full_model, full = grouping.solve(grouping.scaled(targets), arcs, deadline)
    if full.status == 0:
        multipliers = full_model.multipliers(full.ineqlin.marginals, k)
    return GroupedLP(assign, multipliers, float(result.fun + grouping.fixed_cost), grouping.size)


class _Grouping:
    """Movable accounts in groups: each group's count, cost to every rep, and the fixed accounts' loads."""

    def __init__(
        self, costs: np.ndarray, targets: Targets, owner: np.ndarray, start: np.ndarray, balance_weight: float
    ) -> None:
        n, k = costs.shape
        movable = np.isfinite(costs).sum(axis=1) > 1
        self.gid = group_accounts(costs, targets, owner, movable)
        members = np.flatnonzero(self.gid >= 0)
        self.members = members
        self.size = int(self.gid.max()) + 1 if members.size else 0
        self.total = sparse.csr_array(
            (np.ones(members.size), (self.gid[members], members)), shape=(self.size, n)
        )
        finite = np.isfinite(costs)
        self.count = self.total.sum(axis=1)
        allowed = (self.total @ finite.astype(float)) >= self.count[:, None] - 0.5  # every member may go
        self.cost = np.where(allowed, self.total @ np.where(finite, costs, 0.0), np.inf)
        self.base = targets.loads(np.where(movable, -1, start), k)
        self.fixed_cost = float(costs[~movable, start[~movable]].sum())
        self.balance_weight = balance_weight
        self.k = k

    def scaled(self, targets: Targets) -> Targets:
        """``targets`` with the groups as items (their totals of potential, workload and accounts)."""
        total = self.total
        return dataclasses.replace(targets, p=total @ targets.p, w=total @ targets.w, count=self.count)

    def used_arcs(self, assign: np.ndarray) -> np.ndarray:
        """Arc codes (group * k + rep) of every rep that ``assign`` gives some member of a group to."""
        used = np.unique(self.gid[self.members] * self.k + assign[self.members])
        return used[np.isfinite(self.cost.ravel()[used])]

    def solve(
        self, grouped: Targets, arcs: np.ndarray, deadline: float
    ) -> tuple[LinearModel, OptimizeResult]:
        """The LP over ``arcs`` (codes group * k + rep) with ``grouped`` bands, to ``deadline``."""
        group_account, group_rep = np.divmod(arcs, self.k)
        model = build_model(
            grouped,
            np.arange(self.size),
            group_account,
            group_rep,
            self.cost[group_account, group_rep],
            self.k,
            base=self.base,
            balance_weight=self.balance_weight,
        )
        return model, solve_lp(model, deadline - time.monotonic())


def _priced_out(
    model: LinearModel, result: OptimizeResult, grouped: Targets, group_cost: np.ndarray, arcs: np.ndarray
) -> np.ndarray:
    """Arc codes not yet in the LP whose reduced cost at its duals is negative (they would lower it)."""
    k = group_cost.shape[1]
    price = model.dual_prices(result.ineqlin.marginals, k)
    reduced = (
        group_cost
        - result.eqlin.marginals[:, None]
        - np.outer(grouped.p, price["p"])
        - np.outer(grouped.w, price["w"])
        - np.outer(grouped.measure("1"), price["1"])
    )
    reduced.ravel()[arcs] = np.inf
    tolerance = 1e-7 * max(1.0, abs(float(result.fun)) / len(group_cost))
    best = np.argpartition(reduced, _ADD_PER_GROUP - 1, axis=1)[:, :_ADD_PER_GROUP]
    codes = (np.arange(len(group_cost))[:, None] * k + best).ravel()
    return np.sort(codes[reduced.ravel()[codes] < -tolerance])


def _cheapest_arcs(group_cost: np.ndarray, per_group: int) -> np.ndarray:
    """Arc codes (group * k + rep) of each group's ``per_group`` cheapest allowed reps, sorted."""
    g, k = group_cost.shape
    width = min(per_group, k)
    if width < k:
        top = np.argpartition(group_cost, width - 1, axis=1)[:, :width]
    else:
        top = np.tile(np.arange(k), (g, 1))
    codes = (np.arange(g)[:, None] * k + top).ravel()
    codes = codes[np.isfinite(group_cost.ravel()[codes])]
    return np.sort(codes)


def _round(
    assign: np.ndarray,
    gid: np.ndarray,
    size: np.ndarray,
    group_account: np.ndarray,
    group_rep: np.ndarray,
    share: np.ndarray,
) -> None:
    """Give each rep its LP share of every group, picking members evenly across the group's sizes.

    Members sorted by size are laid on [0, 1) by the golden-ratio sequence, and each rep takes
    the members falling in its share's interval: deterministic, and every rep gets a mix of
    sizes close to the group's average, so the loads match the LP's.
    """
    used = share > 1e-9
    arc_group, arc_rep, arc_share = group_account[used], group_rep[used], share[used]
    rows = np.flatnonzero(gid >= 0)
    order = rows[np.lexsort((rows, -size[rows], gid[rows]))]
    group_of = gid[order]
    starts = np.searchsorted(group_of, np.arange(int(gid.max()) + 2))
    position = (np.arange(order.size) - starts[group_of]) * _GOLDEN % 1.0
    arc_starts = np.searchsorted(arc_group, np.arange(int(gid.max()) + 2))
    for group in range(int(gid.max()) + 1):
        lo, hi = arc_starts[group], arc_starts[group + 1]
        if lo == hi:
            continue
        cumulative = np.cumsum(arc_share[lo:hi])
        members = slice(starts[group], starts[group + 1])
        pick = np.searchsorted(cumulative / cumulative[-1], position[members], side="right")
        assign[order[members]] = arc_rep[lo:hi][np.minimum(pick, hi - lo - 1)]
