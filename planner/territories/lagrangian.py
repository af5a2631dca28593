"""A lower bound on the plan cost by Lagrangian relaxation of the per-rep rows (projected subgradient).

Relax every band, capacity and deviation row with a multiplier ``pi >= 0``; what
is left splits by account (each takes its cheapest rep at the priced cost), so
the bound costs one vectorised n x k pass to evaluate and is valid for *any*
multipliers. Column generation that stops early leaves duals whose bound can be
weak; a few dozen subgradient steps from those duals tighten it cheaply.

The slack columns (priced at ``PENALTY``) cap each band multiplier at ``PENALTY``;
the deviation columns (priced at the balance weight) cap the sum of a rep's
above/below multipliers at that weight.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from planner.territories.model import BAND_ROWS, DEVIATION_ROWS, PENALTY, Targets

_CHUNK = 20_000
_ROWS = (*BAND_ROWS, *DEVIATION_ROWS)


@dataclass
class _Rows:
    """Multipliers (rows x k) with each row's measure, sign and right-hand side."""

    measure: tuple[str, ...]
    sign: np.ndarray  # (rows,)
    rhs: np.ndarray  # (rows, k); inf where the row does not exist (its multiplier stays 0)
    kinds: tuple[str, ...]


def _rows(targets: Targets, balance_weight: float) -> _Rows:
    k = len(targets.capacity)
    rhs = [targets.rhs(kind) for kind, _, _ in BAND_ROWS]
    for _, measure, sign in DEVIATION_ROWS:
        present = balance_weight > 0 and (measure != "p" or targets.balance_potential)
        rhs.append(np.full(k, sign * 1.0) if present else np.full(k, np.inf))
    return _Rows(
        measure=tuple(m for _, m, _ in _ROWS),
        sign=np.array([s for _, _, s in _ROWS]),
        rhs=np.array(rhs),
        kinds=tuple(kind for kind, _, _ in _ROWS),
    )


def _project(pi: np.ndarray, rows: _Rows, balance_weight: float) -> np.ndarray:
    """Back into the dual's domain: 0 <= band multipliers <= PENALTY; above + below <= balance weight."""
    pi = np.where(np.isfinite(rows.rhs), np.clip(pi, 0.0, PENALTY), 0.0)
    bands = len(BAND_ROWS)
    for first in (bands, bands + 2):  # the (above, below) pair of potential, then of workload
        above, below = pi[first], pi[first + 1]
        excess = np.maximum(0.0, above + below - balance_weight) / 2
        above = np.clip(above - excess, 0.0, balance_weight)
        pi[first] = above
        pi[first + 1] = np.clip(below - excess, 0.0, balance_weight - above)
    return pi


def _evaluate(costs: np.ndarray, targets: Targets, rows: _Rows, pi: np.ndarray) -> tuple[float, np.ndarray]:
    """(bound L(pi), subgradient) for multipliers ``pi`` (rows x k)."""
    n, k = costs.shape
    coef = {m: np.zeros(k) for m in ("p", "w", "1")}
    for i, measure in enumerate(rows.measure):
        coef[measure] += rows.sign[i] * pi[i]
    total = 0.0
    assign = np.empty(n, dtype=int)
    for start in range(0, n, _CHUNK):
        block = slice(start, min(n, start + _CHUNK))
        priced = (
            costs[block]
            + np.outer(targets.p[block], coef["p"])
            + np.outer(targets.w[block], coef["w"])
            + coef["1"][None, :]
        )
        assign[block] = priced.argmin(axis=1)
        total += float(priced[np.arange(priced.shape[0]), assign[block]].sum())
    finite = np.isfinite(rows.rhs)
    total -= float((pi[finite] * rows.rhs[finite]).sum())
    load = targets.loads(assign, k)
    activity = np.array([rows.sign[i] * load[m] for i, m in enumerate(rows.measure)])
    gradient = np.where(finite, activity - np.where(finite, rows.rhs, 0.0), 0.0)
    return total, gradient


def lagrangian_bound(
    costs: np.ndarray,
    targets: Targets,
    balance_weight: float,
    start: dict[str, np.ndarray],
    upper: float,
    deadline: float,
    max_steps: int = 100,
) -> float:
    """Best Lagrangian bound found from multipliers ``start`` (kind -> per-rep, >= 0) before ``deadline``.

    ``upper`` (the best plan's cost) sets Polyak's step: (upper - L) / |g|^2, halved when stuck.
    """
    rows = _rows(targets, balance_weight)
    k = costs.shape[1]
    pi = np.array([start.get(kind, np.zeros(k)) for kind in rows.kinds], dtype=float)
    pi = _project(pi, rows, balance_weight)
    best = -np.inf
    scale, stalled = 1.0, 0
    for _ in range(max_steps):
        value, gradient = _evaluate(costs, targets, rows, pi)
        if not np.isfinite(best) or value > best + 1e-9 * max(1.0, abs(best)):
            best, stalled = value, 0
        else:
            stalled += 1
            if stalled >= 3:
                scale, stalled = scale / 2, 0
        norm = float((gradient**2).sum())
        if norm < 1e-18 or upper - value <= 1e-9 * max(1.0, abs(upper)) or time.monotonic() > deadline:
            break
        pi = _project(pi + scale * (upper - value) / norm * gradient, rows, balance_weight)
    return best
