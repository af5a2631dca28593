"""Exact assignment by mixed-integer programming (HiGHS through ``scipy.optimize.milp``).

One binary per allowed (account, rep) arc: fine up to some tens of thousands of
arcs, where HiGHS proves optimality in seconds. Larger instances go to
``planner.territories.large``.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from planner.territories.model import LinearModel, Targets, build_model, objective
from planner.territories.solution import Solution

SOLVER_NAME = "exact MILP (HiGHS)"
# Relative optimality gap HiGHS must prove: exact for move counts below 1,000.
MIP_GAP = 1e-3


def solve_model(model: LinearModel, time_limit: float, *, integral: bool = True):
    """Run HiGHS on ``model``; returns scipy's result (``x`` is None when nothing was found in time)."""
    integrality = np.zeros(len(model.c))
    if integral:
        integrality[: model.n_arcs] = 1
    constraints = [
        LinearConstraint(model.A_ub, -np.inf, model.b_ub),
        LinearConstraint(model.A_eq, model.b_eq, model.b_eq),
    ]
    return milp(
        model.c,
        integrality=integrality,
        bounds=Bounds(np.zeros(len(model.c)), model.upper),
        constraints=constraints,
        options={"time_limit": max(1.0, float(time_limit)), "mip_rel_gap": MIP_GAP},
    )


def solve_lp(model: LinearModel, time_limit: float):
    """The LP relaxation of ``model`` by HiGHS (scipy's ``linprog`` result, with row duals)."""
    has_eq = model.A_eq.shape[0] > 0
    return linprog(
        model.c,
        A_ub=model.A_ub,
        b_ub=model.b_ub,
        A_eq=model.A_eq if has_eq else None,
        b_eq=model.b_eq if has_eq else None,
        bounds=np.column_stack([np.zeros(len(model.c)), model.upper]),
        method="highs",
        options={"time_limit": max(1.0, float(time_limit))},
    )


def decode(model_x: np.ndarray, arc_account: np.ndarray, arc_rep: np.ndarray, assign: np.ndarray) -> None:
    """Write the arcs chosen in ``model_x`` (the largest x per account) into ``assign`` in place."""
    x = model_x[: len(arc_account)]
    order = np.argsort(x, kind="stable")  # the largest x per account is written last and wins
    assign[arc_account[order]] = arc_rep[order]


def solve_exact(
    costs: np.ndarray, targets: Targets, *, balance_weight: float = 0.0, time_limit: float = 30.0
) -> Solution | None:
    """Optimal (or best found within ``time_limit``) assignment; None when HiGHS found no solution in time."""
    n, k = costs.shape
    arc_account, arc_rep = np.nonzero(np.isfinite(costs))
    model = build_model(
        targets,
        np.arange(n),
        arc_account,
        arc_rep,
        costs[arc_account, arc_rep],
        k,
        balance_weight=balance_weight,
    )
    result = solve_model(model, time_limit)
    if result.x is None:
        return None
    assign = np.full(n, -1)
    decode(result.x, arc_account, arc_rep, assign)
    cost, penalty = objective(assign, costs, targets, balance_weight)
    bound = getattr(result, "mip_dual_bound", None)
    return Solution(
        assign=assign,
        cost=cost,
        penalty=penalty,
        bound=None if bound is None or not np.isfinite(bound) else float(bound),
        solver=SOLVER_NAME,
        optimal=result.status == 0,
        detail=str(result.message),
    )
