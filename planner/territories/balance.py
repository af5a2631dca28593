"""A fast balancing pass: move accounts out of over-band reps and into under-band reps, cheapest first.

Why: at 100,000 accounts the LP relaxation does not solve in a minute, and the
one-account-at-a-time local search spends its budget pricing every account of
every over-band rep. With ~1,000 accounts per rep the bands are fine-grained, so
a greedy that always fixes the worst rep reaches them in seconds.

Each step takes the rep furthest outside its (slightly narrowed) band. If it is
over a band, every one of its accounts is priced against every rep at once; if
under, the accounts of the ten reps with most to spare of what it lacks are priced
against it. A move's score is the band violation it removes (both reps, every row,
in team-mean units) per unit of plan cost it adds, so big accounts that fix both
potential and workload go first and cheap (near, or back-to-owner) moves win ties.
Up to 128 are applied per step in score order, each re-checked against the loads
the earlier ones left (100,000 x 100 from the current book: ~3 s).

Greedy, so not cheap on its own (measured ~25% above the LP bound at 10,000 x 50):
it makes a start feasible, and repairs the rounding of the grouped LP (``aggregate``).

Deterministic: no clock and no randomness; ties break by account index.
"""

from __future__ import annotations

from typing import Final

import numpy as np

from planner.territories.model import BAND_ROWS, Targets

# The band the pass aims for, as a share of the tolerance: the margin absorbs later local-search moves.
AIM: Final = 0.8
_BATCH: Final = 128  # moves applied per step, each re-checked against the updated loads
_SCAN: Final = 4 * _BATCH  # candidates looked at per step
_GIVE_UP: Final = 16  # consecutive candidates that no longer help: the rest of the list is stale too
_GIVERS: Final = 10  # reps an under-band rep is offered accounts from, per step
_MAX_STEPS: Final = 20_000
_EPS: Final = 1e-12
_MEASURES: Final = ("p", "w", "1")


class _Bands:
    """Per-rep band rows (measure, sign, rhs) and the violation of any load vector against them."""

    def __init__(self, targets: Targets, k: int) -> None:
        rhs = np.column_stack([targets.rhs(kind) for kind, _, _ in BAND_ROWS])  # (k, rows)
        live = np.isfinite(rhs).any(axis=0)  # rows that exist for some rep (others never bind)
        self.measure = np.array([_MEASURES.index(m) for _, m, _ in BAND_ROWS])[live]
        self.sign = np.array([sign for _, _, sign in BAND_ROWS], dtype=float)[live]
        self.over = self.sign > 0
        self.rhs = rhs[:, live]
        self.k = k

    def excess(self, load: np.ndarray, reps: np.ndarray | int) -> np.ndarray:
        """(..., rows) amount by which each row is exceeded at ``load`` (..., 3) for ``reps``."""
        return np.maximum(self.sign * load[..., self.measure] - self.rhs[reps], 0.0)

    def violation(self, load: np.ndarray, reps: np.ndarray | int) -> np.ndarray:
        return self.excess(load, reps).sum(axis=-1)

    def violation_after(self, load: np.ndarray, x: np.ndarray) -> np.ndarray:
        """(m, k): every rep's violation after receiving each of ``x`` (m, 3); ``load`` is (k, 3)."""
        total = np.zeros((x.shape[0], self.k))
        for row, (measure, sign) in enumerate(zip(self.measure, self.sign, strict=True)):
            level = load[None, :, measure] + x[:, measure, None]
            total += np.maximum(sign * level - self.rhs[None, :, row], 0.0)
        return total


def balance(
    assign: np.ndarray, costs: np.ndarray, targets: Targets, *, aim: float = AIM, max_steps: int = _MAX_STEPS
) -> np.ndarray:
    """A plan whose reps sit inside ``aim`` x the tolerance bands where whole accounts allow it.

    ``costs`` (n, k) is the plan cost of each arc (inf = not allowed; an account with one
    finite arc never moves). Returns a new assignment; stops when every rep is inside the
    aimed band, when no move reduces the violation, or after ``max_steps`` steps.
    """
    state = _Balancer(assign, costs, targets.tightened(aim), targets)
    bands, k = state.bands, costs.shape[1]
    stuck = np.zeros(k, dtype=bool)  # reps no single move helps (until some other move changes loads)
    for _ in range(max_steps):
        excess = bands.excess(state.load, np.arange(k))  # (k, rows)
        badness = np.where(stuck, 0.0, excess.sum(axis=1))
        worst = int(badness.argmax())
        if badness[worst] <= _EPS:
            break
        taken = 0
        if (excess[worst, bands.over] > _EPS).any():
            taken = state.apply(*state.donor_moves(worst))
        if not taken and (excess[worst, ~bands.over] > _EPS).any():
            taken = state.apply(*state.receiver_moves(worst))
        if taken:
            stuck[:] = False
        else:
            stuck[worst] = True
    return state.assign


class _Balancer:
    """The assignment being balanced, with per-rep loads kept up to date move by move."""

    def __init__(self, assign: np.ndarray, costs: np.ndarray, aimed: Targets, targets: Targets) -> None:
        k = costs.shape[1]
        self.assign = np.asarray(assign).copy()
        self.costs = costs
        self.bands = _Bands(aimed, k)
        self.amount = np.column_stack([targets.measure(m) for m in _MEASURES])  # (n, 3)
        loads = targets.loads(self.assign, k)
        self.load = np.column_stack([loads[m] for m in _MEASURES])  # (k, 3)
        self.movable = np.isfinite(costs).sum(axis=1) > 1

    def donor_moves(self, rep: int) -> tuple[np.ndarray, np.ndarray]:
        """(accounts, their best receiving rep), best first, for accounts leaving ``rep``."""
        bands, load = self.bands, self.load
        members = np.flatnonzero((self.assign == rep) & self.movable)
        x = self.amount[members]  # (m, 3)
        gain_here = bands.violation(load[rep] - x, rep) - bands.violation(load[rep], rep)  # (m,)
        gain_there = bands.violation_after(load, x) - bands.violation(load, np.arange(bands.k))  # (m, k)
        delta = gain_here[:, None] + gain_there
        delta[:, rep] = np.inf
        with np.errstate(invalid="ignore"):  # inf - inf where the start put an account on a barred arc
            extra = self.costs[members] - self.costs[members, rep][:, None]
        score = _score(delta, extra)
        to = score.argmax(axis=1) if members.size else members
        best = score[np.arange(members.size), to]
        keep = np.flatnonzero(best > 0)
        keep = keep[_top(best[keep], _SCAN)]
        return members[keep], to[keep]

    def receiver_moves(self, rep: int) -> tuple[np.ndarray, np.ndarray]:
        """(accounts, ``rep`` repeated), best first, for accounts joining ``rep`` from its best givers."""
        bands, load = self.bands, self.load
        givers = _givers(rep, load, bands)
        pool = np.flatnonzero(self.movable & np.isin(self.assign, givers) & np.isfinite(self.costs[:, rep]))
        source = self.assign[pool]
        x = self.amount[pool]
        now = bands.violation(load, np.arange(bands.k))
        gain_there = bands.violation(load[source] - x, source) - now[source]
        gain_here = bands.violation(load[rep] + x, rep) - now[rep]
        with np.errstate(invalid="ignore"):
            extra = self.costs[pool, rep] - self.costs[pool, source]
        score = _score(gain_there + gain_here, extra)
        keep = np.flatnonzero(score > 0)
        keep = keep[_top(score[keep], _SCAN)]
        return pool[keep], np.full(keep.size, rep)

    def apply(self, accounts: np.ndarray, to_reps: np.ndarray) -> int:
        """Apply up to ``_BATCH`` candidate moves in order, each only if it still reduces the violation."""
        bands, load = self.bands, self.load
        taken = failed = 0
        for a, to in zip(accounts.tolist(), to_reps.tolist(), strict=True):
            here = int(self.assign[a])
            if here == to or failed >= _GIVE_UP:
                break
            x = self.amount[a]
            before = bands.violation(load[here], here) + bands.violation(load[to], to)
            after = bands.violation(load[here] - x, here) + bands.violation(load[to] + x, to)
            if after < before - _EPS:
                load[here] -= x
                load[to] += x
                self.assign[a] = to
                taken += 1
                failed = 0
                if taken >= _BATCH:
                    break
            else:
                failed += 1
        return taken


def _givers(rep: int, load: np.ndarray, bands: _Bands) -> np.ndarray:
    """The ``_GIVERS`` reps with the most to spare of what ``rep`` lacks (its under-band measures).

    Pricing every account on the team for one receiver costs a full pass; the accounts that
    can fill it sit with the reps furthest above the mean in the measures it is short of.
    """
    short = bands.excess(load[rep], rep) * ~bands.over  # (rows,): how far below each floor
    need = np.zeros(load.shape[1])
    np.add.at(need, bands.measure, short)
    spare = (load - 1.0) @ need
    spare[rep] = -np.inf
    return np.sort(np.argsort(-spare, kind="stable")[:_GIVERS])


def _top(score: np.ndarray, count: int) -> np.ndarray:
    """Positions of the ``count`` highest scores, best first (ties by position: deterministic)."""
    if score.size > count:
        part = np.argpartition(-score, count - 1)[:count]
        part.sort()
    else:
        part = np.arange(score.size)
    return part[np.argsort(-score[part], kind="stable")]


def _score(delta: np.ndarray, extra: np.ndarray) -> np.ndarray:
    """Violation removed per unit of cost added (0 where the move removes none or is not allowed).

    A move that removes violation *and* saves cost is scored by the violation alone, above any
    move that costs something (the floor on the cost keeps the ratio finite).
    """
    removed = np.where(np.isfinite(delta), -delta, 0.0)
    useful = (removed > _EPS) & np.isfinite(extra)
    return np.where(useful, removed / np.maximum(np.where(useful, extra, 1.0), 1e-6), 0.0)
