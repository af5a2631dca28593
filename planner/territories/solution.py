"""``Solution``: what a solver hands back, before it is turned into a plan people read."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, eq=False)
class Solution:
    """An assignment with its cost, the penalty for band/capacity violations and a lower bound.

    ``bound`` is a proven lower bound on ``cost + penalty`` (None when the solver gave none), so
    ``gap`` says how far from the best possible plan this one can at most be.
    """

    assign: np.ndarray  # rep index per account
    cost: float
    penalty: float
    bound: float | None
    solver: str
    optimal: bool
    detail: str = ""

    @property
    def gap(self) -> float | None:
        """(cost + penalty - bound) / bound; 0 when both are 0; None without a bound."""
        if self.bound is None:
            return None
        total = self.cost + self.penalty
        if abs(self.bound) < 1e-9:
            return 0.0 if abs(total) < 1e-9 else None
        return max(0.0, (total - self.bound) / abs(self.bound))
