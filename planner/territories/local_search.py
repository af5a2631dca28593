"""Local search on a complete assignment: single-account moves and pairwise swaps that lower the objective.

Used after the repair MILP: it walks back moves that turned out unnecessary,
pulls accounts towards cheaper (closer) reps while the bands allow, and, if the
repair ran out of time, pushes load out of reps that are still over a band.
Every step is evaluated exactly (cost + deviation + band penalty), so a step is
taken only when the whole objective drops.
"""

from __future__ import annotations

import time

import numpy as np

from planner.territories.model import BAND_ROWS, PENALTY, Targets

_EPS = 1e-9
_MEASURES = ("p", "w", "1")
_SWAP_TRIES = 30  # largest accounts of a rep tried in balance swaps, per pass


class _State:
    """Per-rep loads (potential, workload, accounts) of the current assignment, updated in O(1) per move."""

    def __init__(self, assign: np.ndarray, targets: Targets, k: int, balance_weight: float) -> None:
        self.assign = assign.copy()
        self.targets = targets
        self.amount = np.column_stack([targets.measure(m) for m in _MEASURES])  # (n, 3)
        loads = targets.loads(self.assign, k)
        self.load = np.column_stack([loads[m] for m in _MEASURES])  # (k, 3)
        self.row_measure = np.array([_MEASURES.index(m) for _, m, _ in BAND_ROWS])
        self.row_sign = np.array([sign for _, _, sign in BAND_ROWS])
        self.rhs = np.column_stack([targets.rhs(kind) for kind, _, _ in BAND_ROWS])  # (k, rows)
        self.balance_weight = balance_weight
        self.deviation = [_MEASURES.index(m) for m in (("p", "w") if targets.balance_potential else ("w",))]
        self.now = self.row_cost(self.load, np.arange(k))

    def row_cost(self, load: np.ndarray, reps: np.ndarray | int) -> np.ndarray:
        """Penalty + deviation cost of reps ``reps`` at loads ``load`` (shape (..., 3), aligned with reps)."""
        excess = self.row_sign * load[..., self.row_measure] - self.rhs[reps]
        total = PENALTY * np.maximum(excess, 0.0).sum(axis=-1)
        if self.balance_weight:
            total = total + self.balance_weight * np.abs(load[..., self.deviation] - 1.0).sum(axis=-1)
        return total

    def move_deltas(self, a: int, costs_row: np.ndarray) -> np.ndarray:
        """Objective change of moving account ``a`` to each rep (0 for its own rep, inf where not allowed)."""
        cur = self.assign[a]
        amount = self.amount[a]
        gained = self.row_cost(self.load + amount, np.arange(len(costs_row))) - self.now
        lost = float(self.row_cost(self.load[cur] - amount, cur) - self.now[cur])
        delta = costs_row - costs_row[cur] + gained + lost
        delta[cur] = 0.0
        return delta

    def swap_deltas(self, a: int, partners: np.ndarray, costs: np.ndarray) -> np.ndarray:
        """Objective change of swapping ``a`` with each partner (a to the partner's rep, the partner to a's).

        Partners may sit with different reps, but not with a's.
        """
        here, there = self.assign[a], self.assign[partners]
        exchange = self.amount[partners] - self.amount[a]  # what a's rep gains, the partners' rep loses
        rows = self.row_cost(self.load[here] + exchange, here) + self.row_cost(
            self.load[there] - exchange, there
        )
        moves = costs[a, there] - costs[a, here] + costs[partners, here] - costs[partners, there]
        return rows - self.now[here] - self.now[there] + moves

    def apply(self, a: int, to: int) -> None:
        cur = self.assign[a]
        self.load[cur] -= self.amount[a]
        self.load[to] += self.amount[a]
        self.assign[a] = to
        for r in (cur, to):
            self.now[r] = self.row_cost(self.load[r], r)

    def any_violation(self) -> bool:
        return bool(self.violated(1.0).any() or self.violated(-1.0).any())

    def violated(self, direction: float) -> np.ndarray:
        """Reps with a row violated upwards (``direction`` 1: over a band or capacity) or downwards (-1)."""
        excess = self.row_sign * self.load[:, self.row_measure] - self.rhs
        return ((excess > 1e-9) & (self.row_sign == direction)).any(axis=1)


def _move_pass(state: _State, costs: np.ndarray, movable: np.ndarray, deadline: float) -> int:
    """Best single move for every account that could gain; returns the number of moves taken.

    First the repairs: accounts of reps over a band (or, when some rep is under its band, of
    anyone), biggest first, so the fewest accounts move. Then the savings: accounts with a
    cheaper rep, largest saving first.
    """
    n = len(state.assign)
    current = costs[np.arange(n), state.assign]
    saving = current - costs.min(axis=1)
    # A rep under a band can only be fixed by receiving: then accounts of reps above the mean are candidates.
    if state.violated(-1.0).any():
        above = (state.load[:, :2] > 1).any(axis=1) | state.violated(1.0)
        repair = movable & above[state.assign]
    else:
        repair = movable & state.violated(1.0)[state.assign]
    size = state.targets.p + state.targets.w
    first = np.flatnonzero(repair)
    then = np.flatnonzero(movable & ~repair & (saving > _EPS))
    order = np.concatenate([first[np.argsort(-size[first], kind="stable")], then[np.argsort(-saving[then])]])
    taken = 0
    repairing = first.size > 0
    for step, a in enumerate(order):
        if time.monotonic() > deadline:
            break
        if repairing and step < first.size and step % 64 == 0 and not state.any_violation():
            repairing = False  # every band holds: the rest of the repair list has nothing to fix
        if step < first.size and not repairing and saving[a] <= _EPS:
            continue
        delta = state.move_deltas(a, costs[a])
        to = int(delta.argmin())
        if delta[to] < -_EPS:
            state.apply(a, to)
            taken += 1
    return taken


def _swap_pass(
    state: _State,
    costs: np.ndarray,
    owner: np.ndarray,
    movable: np.ndarray,
    deadline: float,
    limit: int = 2_000,
) -> int:
    """Send a moved account home in exchange for one of its owner's accounts, when that is cheaper overall.

    A single move home is often blocked by the owner's band; swapping in a
    similar-sized account from the owner keeps both reps in band.
    """
    moved = np.flatnonzero(movable & (owner >= 0) & (state.assign != owner))[:limit]
    if moved.size == 0:
        return 0
    order = np.argsort(state.assign, kind="stable")
    order = order[movable[order]]
    cuts = np.searchsorted(state.assign[order], np.arange(costs.shape[1] + 1))
    by_rep = [order[cuts[r] : cuts[r + 1]] for r in range(costs.shape[1])]  # movable accounts per rep
    taken = 0
    for a in moved:
        if time.monotonic() > deadline:
            break
        home, there = owner[a], state.assign[a]
        if home == there:
            continue
        members = by_rep[home]
        partners = members[(state.assign[members] == home) & np.isfinite(costs[members, there])]
        if partners.size == 0:
            continue
        # Closest in size first: the swap then barely changes either rep's loads.
        gap = np.abs(state.amount[partners, :2] - state.amount[a, :2]).sum(axis=1)
        nearest = partners[np.argsort(gap)[:20]]
        delta = state.swap_deltas(a, nearest, costs)
        best = int(delta.argmin())
        if delta[best] < -_EPS:
            state.apply(a, home)
            state.apply(int(nearest[best]), there)
            taken += 1
    return taken


def _balance_swap_pass(state: _State, costs: np.ndarray, movable: np.ndarray, deadline: float) -> int:
    """Swaps that fix bands single moves cannot: a rep over on potential but at its workload floor
    gives a big account and takes back a smaller one of similar workload.

    For each rep over a band (or, if some rep is under, above the mean), its largest movable
    accounts are priced against every movable account elsewhere at once.
    """
    over = state.violated(1.0)
    under = state.violated(-1.0)
    if not (over.any() or under.any()):
        return 0
    donors = over | (under.any() & (state.load[:, :2] > 1).any(axis=1))
    taken = 0
    for r in np.flatnonzero(donors):
        members = np.flatnonzero((state.assign == r) & movable)
        size = state.amount[members, :2].sum(axis=1)
        for a in members[np.argsort(-size)[:_SWAP_TRIES]]:
            if time.monotonic() > deadline:
                return taken
            if state.assign[a] != r or not (state.violated(1.0)[r] or state.violated(-1.0).any()):
                break
            pool = np.flatnonzero(movable & (state.assign != r))
            pool = pool[np.isfinite(costs[a, state.assign[pool]]) & np.isfinite(costs[pool, r])]
            if pool.size == 0:
                continue
            delta = state.swap_deltas(a, pool, costs)
            best = int(delta.argmin())
            if delta[best] < -_EPS:
                partner = int(pool[best])
                there = int(state.assign[partner])
                state.apply(a, there)
                state.apply(partner, r)
                taken += 1
    return taken


def improve(
    assign: np.ndarray,
    costs: np.ndarray,
    targets: Targets,
    owner: np.ndarray,
    *,
    balance_weight: float = 0.0,
    time_limit: float = 10.0,
    max_passes: int = 6,
) -> np.ndarray:
    """A local optimum (for moves and swaps) no worse than ``assign``."""
    deadline = time.monotonic() + time_limit
    state = _State(assign, targets, costs.shape[1], balance_weight)
    movable = np.isfinite(costs).sum(axis=1) > 1
    for _ in range(max_passes):
        changed = _move_pass(state, costs, movable, deadline)
        changed += _swap_pass(state, costs, owner, movable, deadline)
        changed += _balance_swap_pass(state, costs, movable, deadline)
        if changed == 0 or time.monotonic() > deadline:
            break
    return state.assign
