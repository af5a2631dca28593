"""How much each attribute tells won from lost, used to weight it in the clustering.

Plain KMeans treats every attribute alike, so clusters may split on product or
region even when those do not change the odds of winning. Weighting each
attribute by its mutual information with the outcome (between 0.5 for the least
and 1.0 for the most informative) makes clusters lean towards the attributes
that matter, while every attribute still shapes them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_mutual_info_score

from planner.icp.features import IS_WON, AttributeSet, categorical_values, numeric_values

# Least weight an attribute keeps however uninformative it is.
FLOOR = 0.5
_BINS = 5


def _levels(deals: pd.DataFrame, column: str, numeric: bool) -> np.ndarray:
    """Discrete levels of an attribute: categories, or quintiles plus a 'missing' level."""
    if not numeric:
        return categorical_values(deals, column).to_numpy(dtype=object)
    values = numeric_values(deals, column)
    ranked = values.rank(method="first", pct=True)
    return np.where(values.isna(), -1, np.ceil(ranked.fillna(0) * _BINS)).astype(int)


def outcome_weights(deals: pd.DataFrame, attributes: AttributeSet) -> dict[str, float]:
    """Attribute -> weight in [FLOOR, 1]; all 1.0 when only one outcome is present.

    Adjusted mutual information is used so that attributes with many values
    (33 segments) are not favoured merely for having many values.
    """
    won = deals[IS_WON].to_numpy(dtype=bool)
    columns = attributes.all
    if won.all() or not won.any():
        return dict.fromkeys(columns, 1.0)
    info = {
        column: max(
            adjusted_mutual_info_score(won, _levels(deals, column, column in attributes.numeric)), 0.0
        )
        for column in columns
    }
    top = max(info.values())
    if top <= 0:
        return dict.fromkeys(columns, 1.0)
    return {column: FLOOR + (1 - FLOOR) * value / top for column, value in info.items()}
