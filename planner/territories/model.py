"""The linear model both solvers share: assignment rows, balance bands with slack, capacity, deviation.

Potential and workload are measured in units of the team mean (each rep's fair
share is 1.0), so one band row reads "rep r's potential <= 1 + tolerance".
Every band and capacity row has its own slack column priced at ``PENALTY`` per
unit of team mean: an impossible tolerance still yields a plan, and the slack
left over names the constraint that blocks it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cached_property
from typing import Final

import numpy as np
from scipy import sparse

from planner.territories.inputs import TerritoryProblem

# Cost of one team-mean unit of band or capacity violation, in "accounts moved": 0.01% over costs 100 moves.
PENALTY: Final = 1e6

# Loads are sums of floats: an excess below this is rounding, not a violation.
_FLOAT_NOISE: Final = 1e-9

# (kind, measure, sign): the row is sign * load(measure) - slack <= rhs.
BAND_ROWS: Final = (
    ("potential_over", "p", 1.0),
    ("potential_under", "p", -1.0),
    ("workload_over", "w", 1.0),
    ("workload_under", "w", -1.0),
    ("capacity_accounts", "1", 1.0),
    ("capacity_workload", "w", 1.0),
)


@dataclass(frozen=True, eq=False)
class Targets:
    """Per-account loads in team-mean units and per-rep bands; what "balanced" means for one plan."""

    p: np.ndarray  # potential / mean rep potential
    w: np.ndarray  # workload / mean rep workload
    potential_tolerance: float
    workload_tolerance: float
    capacity: np.ndarray  # accounts per rep (inf = none)
    max_workload: np.ndarray  # in mean-workload units (inf = none)
    balance_potential: bool  # False when every potential is 0
    count: np.ndarray | None = None  # accounts per item when items are groups of accounts (None: 1 each)

    @classmethod
    def of(cls, problem: TerritoryProblem, tolerance: float, workload_tolerance: float | None) -> Targets:
        if tolerance < 0 or (workload_tolerance is not None and workload_tolerance < 0):
            raise ValueError("tolerance must be >= 0")
        k = problem.k
        total_p = float(problem.potential.sum())
        total_w = float(problem.workload.sum())
        p = problem.potential * k / total_p if total_p > 0 else np.zeros(problem.n)
        w = problem.workload * k / total_w
        return cls(
            p=p,
            w=w,
            potential_tolerance=float(tolerance),
            workload_tolerance=float(tolerance if workload_tolerance is None else workload_tolerance),
            capacity=problem.capacity.astype(float),
            max_workload=problem.max_workload * k / total_w,
            balance_potential=total_p > 0,
        )

    @cached_property
    def _ones(self) -> np.ndarray:
        return np.ones_like(self.p) if self.count is None else self.count

    def measure(self, name: str) -> np.ndarray:
        """Per-account load of one measure: "p" potential, "w" workload, "1" the account itself."""
        return {"p": self.p, "w": self.w, "1": self._ones}[name]

    def rhs(self, kind: str) -> np.ndarray:
        """Right-hand side of each rep's row of this kind (before fixed loads), inf when absent."""
        k = len(self.capacity)
        pt, wt = self.potential_tolerance, self.workload_tolerance
        off = np.full(k, np.inf)
        return {
            "potential_over": np.full(k, 1 + pt) if self.balance_potential else off,
            "potential_under": np.full(k, -(1 - pt)) if self.balance_potential else off,
            "workload_over": np.full(k, 1 + wt),
            "workload_under": np.full(k, -(1 - wt)),
            "capacity_accounts": self.capacity,
            "capacity_workload": self.max_workload,
        }[kind]

    def loads(self, assign: np.ndarray, k: int) -> dict[str, np.ndarray]:
        """Per-rep totals of a (possibly partial, -1 = none) assignment, in team-mean units."""
        placed = assign >= 0
        return {
            m: np.bincount(assign[placed], weights=self.measure(m)[placed], minlength=k)
            for m in ("p", "w", "1")
        }

    def violations(self, assign: np.ndarray, k: int) -> dict[str, np.ndarray]:
        """Per-rep amount by which each band/capacity row is exceeded (0 when satisfied)."""
        load = self.loads(assign, k)
        out = {}
        for kind, m, sign in BAND_ROWS:
            excess = sign * load[m] - self.rhs(kind)
            out[kind] = np.where(excess > _FLOAT_NOISE, excess, 0.0)
        return out

    def tightened(self, factor: float) -> Targets:
        """The same targets with both tolerances scaled by ``factor`` (< 1: a margin inside the bands)."""
        return dataclasses.replace(
            self,
            potential_tolerance=self.potential_tolerance * factor,
            workload_tolerance=self.workload_tolerance * factor,
        )


def objective(
    assign: np.ndarray, costs: np.ndarray, targets: Targets, balance_weight: float
) -> tuple[float, float]:
    """(plan cost, penalty) of a complete assignment, on the same scale as the model's objective."""
    k = costs.shape[1]
    cost = float(costs[np.arange(len(assign)), assign].sum())
    if balance_weight:
        load = targets.loads(assign, k)
        spread = np.abs(load["w"] - 1).sum()
        if targets.balance_potential:
            spread += np.abs(load["p"] - 1).sum()
        cost += balance_weight * float(spread)
    penalty = PENALTY * float(sum(v.sum() for v in targets.violations(assign, k).values()))
    return cost, penalty


@dataclass(frozen=True, eq=False)
class LinearModel:
    """min c.x  s.t.  A_ub x <= b_ub, A_eq x = b_eq, x >= 0 (x <= 1 on arcs); the arcs come first."""

    c: np.ndarray
    A_ub: sparse.csr_array
    b_ub: np.ndarray
    A_eq: sparse.csr_array
    b_eq: np.ndarray
    n_arcs: int
    row_kind: np.ndarray  # kind of each ub row
    row_rep: np.ndarray  # rep of each ub row
    slack_col: np.ndarray  # column of each ub row's slack (-1 for deviation rows)

    @property
    def upper(self) -> np.ndarray:
        upper = np.full(len(self.c), np.inf)
        upper[: self.n_arcs] = 1.0
        return upper

    def multipliers(self, y_ub: np.ndarray, k: int) -> dict[str, np.ndarray]:
        """Per row kind, each rep's Lagrange multiplier (>= 0) from HiGHS's ub-row duals (<= 0)."""
        out = {}
        for kind in np.unique(self.row_kind):
            mask = self.row_kind == kind
            values = np.zeros(k)
            values[self.row_rep[mask].astype(int)] = np.maximum(0.0, -y_ub[mask])
            out[str(kind)] = values
        return out

    def dual_prices(self, y_ub: np.ndarray, k: int) -> dict[str, np.ndarray]:
        """Per-rep price of one unit of each measure ("p", "w", "1") under the ub-row duals ``y_ub``.

        An arc (a, r)'s reduced cost is then ``c[a, r] - y_eq[a] - sum_m measure_m[a] * price_m[r]``.
        """
        price = {"p": np.zeros(k), "w": np.zeros(k), "1": np.zeros(k)}
        for kind, measure, sign in (*BAND_ROWS, *DEVIATION_ROWS):
            mask = self.row_kind == kind
            np.add.at(price[measure], self.row_rep[mask].astype(int), sign * y_ub[mask])
        return price


DEVIATION_ROWS: Final = (
    ("potential_above_mean", "p", 1.0),
    ("potential_below_mean", "p", -1.0),
    ("workload_above_mean", "w", 1.0),
    ("workload_below_mean", "w", -1.0),
)


def build_model(
    targets: Targets,
    accounts: np.ndarray,
    arc_account: np.ndarray,
    arc_rep: np.ndarray,
    arc_cost: np.ndarray,
    k: int,
    *,
    base: dict[str, np.ndarray] | None = None,
    balance_weight: float = 0.0,
) -> LinearModel:
    """The model over ``accounts`` (one "= 1" row each) and the given arcs; ``base`` = loads already fixed."""
    base = base or {m: np.zeros(k) for m in ("p", "w", "1")}
    row_of = np.full(int(max(accounts.max(initial=-1), arc_account.max(initial=-1))) + 1, -1)
    row_of[accounts] = np.arange(len(accounts))
    m = len(arc_cost)
    reps = np.arange(k)

    kinds, row_reps, rhs, slack, entries = [], [], [], [], []
    blocks = [(kind, measure, sign, True) for kind, measure, sign in BAND_ROWS]
    if balance_weight > 0:
        blocks += [(kind, measure, sign, False) for kind, measure, sign in DEVIATION_ROWS]
    dev_cols: dict[str, int] = {}
    n_rows = 0
    n_cols = m
    for kind, measure, sign, has_slack in blocks:
        if has_slack:
            bound = targets.rhs(kind)
        else:
            if measure == "p" and not targets.balance_potential:
                continue
            bound = np.full(k, sign * 1.0)
        present = reps[np.isfinite(bound)]
        if present.size == 0:
            continue
        pos = np.full(k, -1)
        pos[present] = n_rows + np.arange(present.size)
        keep = pos[arc_rep] >= 0
        values = sign * targets.measure(measure)[arc_account[keep]]
        entries.append((pos[arc_rep[keep]], np.flatnonzero(keep), values))
        rhs.append(bound[present] - sign * base[measure][present])
        kinds += [kind] * present.size
        row_reps.append(present)
        if has_slack:
            cols = n_cols + np.arange(present.size)
            n_cols += present.size
            entries.append((pos[present], cols, -np.ones(present.size)))
            slack.append(cols)
        else:
            if measure not in dev_cols:
                dev_cols[measure] = n_cols
                n_cols += k
            entries.append((pos[present], dev_cols[measure] + present, -np.ones(present.size)))
            slack.append(np.full(present.size, -1))
        n_rows += present.size

    rows = np.concatenate([e[0] for e in entries])
    cols = np.concatenate([e[1] for e in entries])
    vals = np.concatenate([e[2] for e in entries])
    A_ub = sparse.csr_array((vals, (rows, cols)), shape=(n_rows, n_cols))
    A_eq = sparse.csr_array((np.ones(m), (row_of[arc_account], np.arange(m))), shape=(len(accounts), n_cols))
    c = np.zeros(n_cols)
    c[:m] = arc_cost
    slack_cols = np.concatenate(slack)
    c[slack_cols[slack_cols >= 0]] = PENALTY
    for start in dev_cols.values():
        c[start : start + k] = balance_weight
    return LinearModel(
        c=c,
        A_ub=A_ub,
        b_ub=np.concatenate(rhs),
        A_eq=A_eq,
        b_eq=np.ones(len(accounts)),
        n_arcs=m,
        row_kind=np.array(kinds, dtype=object),
        row_rep=np.concatenate(row_reps),
        slack_col=slack_cols,
    )
