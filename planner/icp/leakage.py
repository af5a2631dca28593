"""Attributes recorded *because* of the outcome, which would make clusters restate it.

CRM exports often fill a field only after a deal closes one way: Maven's close
value is 0 on every lost deal, Olist knows a seller's segment only once the
deal is won. Clustering on such a field splits won from lost by construction
and crowns a "profile" that is just "deals we won". Such attributes are left
out, and the result says which and why.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planner.icp.features import IS_WON, AttributeSet, categorical_values, numeric_values
from planner.schema import UNKNOWN

# An attribute ranking won above lost this reliably is not a buying signal but a record of the outcome.
LEAK_AUC = 0.95
# Or one that is missing for (nearly) all deals of one outcome and present for the other.
LEAK_MISSING_GAP = 0.9


def _auc(score: np.ndarray, won: np.ndarray) -> float:
    """Probability that a random won deal scores above a random lost one (ties count half)."""
    ranks = pd.Series(score).rank(method="average").to_numpy()
    n_won = int(won.sum())
    n_lost = len(won) - n_won
    return float((ranks[won].sum() - n_won * (n_won + 1) / 2) / (n_won * n_lost))


def outcome_leaks(deals: pd.DataFrame, attributes: AttributeSet) -> dict[str, str]:
    """Attribute -> plain-words reason, for attributes that give the outcome away.

    Needs both won and lost deals; with one outcome only nothing can leak.
    """
    won = deals[IS_WON].to_numpy(dtype=bool)
    if won.all() or not won.any():
        return {}
    leaks: dict[str, str] = {}
    for column in attributes.categorical:
        unknown = (categorical_values(deals, column) == UNKNOWN).to_numpy()
        gap = abs(unknown[won].mean() - unknown[~won].mean())
        if gap >= LEAK_MISSING_GAP:
            side = "lost" if unknown[~won].mean() > unknown[won].mean() else "won"
            leaks[column] = (
                f"is unknown for {unknown[~won if side == 'lost' else won].mean():.0%} of {side} deals"
            )
    for column in attributes.numeric:
        values = numeric_values(deals, column).to_numpy()
        if np.isnan(values).all():
            continue
        filled = np.where(np.isnan(values), np.nanmin(values) - 1.0, values)
        auc = _auc(filled, won)
        if max(auc, 1 - auc) >= LEAK_AUC:
            leaks[column] = (
                f"alone separates won from lost (AUC {max(auc, 1 - auc):.2f}): recorded after the outcome"
            )
    return leaks
