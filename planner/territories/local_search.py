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


class _State:
    """Per-rep loads of the current assignment, updated in O(1) per move."""

    def __init__(self, assign: np.ndarray, targets: Targets, k: int, balance_weight: float) -> None:
        self.assign = assign.copy()
        self.targets = targets
        self.load = targets.loads(self.assign, k)
        self.rhs = {kind: targets.rhs(kind) for kind, _, _ in BAND_ROWS}
        self.balance_weight = balance_weight
        self.measures = ("p", "w") if targets.balance_potential else ("w",)

    def _row_cost(self, load: dict[str, np.ndarray], reps: np.ndarray | int) -> np.ndarray:
        """Penalty + deviation cost of the given reps' rows at the given loads."""
        total = 0.0
        for kind, measure, sign in BAND_ROWS:
            total = total + PENALTY * np.maximum(0.0, sign * load[measure] - self.rhs[kind][reps])
        if self.balance_weight:
            for measure in self.measures:
                total = total + self.balance_weight * np.abs(load[measure] - 1.0)
        return total

    def move_deltas(self, a: int, costs_row: np.ndarray) -> np.ndarray:
        """Objective change of moving account ``a`` to each rep (0 for its own rep, inf where not allowed)."""
        cur = self.assign[a]
        amount = {m: self.targets.measure(m)[a] for m in ("p", "w", "1")}
        everyone = np.arange(len(costs_row))
        now = self._row_cost(self.load, everyone)
        gained = self._row_cost({m: self.load[m] + amount[m] for m in amount}, everyone) - now
        lost_load = {m: self.load[m][cur] - amount[m] for m in amount}
        lost = float(self._row_cost(lost_load, cur) - now[cur])
        delta = costs_row - costs_row[cur] + gained + lost
        delta[cur] = 0.0
        return delta

    def apply(self, a: int, to: int) -> None:
        cur = self.assign[a]
        for m in ("p", "w", "1"):
            value = self.targets.measure(m)[a]
            self.load[m][cur] -= value
            self.load[m][to] += value
        self.assign[a] = to

    def over(self) -> np.ndarray:
        """Reps with any band or capacity row violated."""
        bad = np.zeros(len(self.load["1"]), dtype=bool)
        for kind, measure, sign in BAND_ROWS:
            bad |= sign * self.load[measure] - self.rhs[kind] > 1e-9
        return bad


def _move_pass(state: _State, costs: np.ndarray, movable: np.ndarray, deadline: float) -> int:
    """Best single move for every account that could gain; returns the number of moves taken."""
    n = len(state.assign)
    current = costs[np.arange(n), state.assign]
    cheaper = costs.min(axis=1) < current - _EPS
    on_bad_rep = state.over()[state.assign]
    candidates = np.flatnonzero(movable & (cheaper | on_bad_rep))
    # Biggest accounts first on reps over a band (fewest moves to fix), then the largest cost savings.
    order = np.lexsort((costs.min(axis=1)[candidates] - current[candidates], ~on_bad_rep[candidates]))
    taken = 0
    for a in candidates[order]:
        if time.monotonic() > deadline:
            break
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
    taken = 0
    for a in moved:
        if time.monotonic() > deadline:
            break
        home, there = owner[a], state.assign[a]
        if home == there:
            continue
        partners = np.flatnonzero((state.assign == home) & movable & np.isfinite(costs[:, there]))
        if partners.size == 0:
            continue
        # Closest in size first: the swap then barely changes either rep's loads.
        gap = np.abs(state.targets.p[partners] - state.targets.p[a]) + np.abs(
            state.targets.w[partners] - state.targets.w[a]
        )
        for b in partners[np.argsort(gap)[:20]]:
            before = _pair_cost(state, costs, a, b)
            state.apply(a, home)
            state.apply(b, there)
            if _pair_cost(state, costs, a, b) < before - _EPS:
                taken += 1
                break
            state.apply(b, home)
            state.apply(a, there)
    return taken


def _pair_cost(state: _State, costs: np.ndarray, a: int, b: int) -> float:
    """Cost of accounts a and b plus the rows of the reps they sit with (what a swap can change)."""
    reps = np.unique([state.assign[a], state.assign[b]])
    rows = state._row_cost({m: state.load[m][reps] for m in state.load}, reps)
    return float(costs[a, state.assign[a]] + costs[b, state.assign[b]] + np.sum(rows))


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
        if changed == 0 or time.monotonic() > deadline:
            break
    return state.assign
