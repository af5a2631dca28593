"""Revenue potential: the expected won-deal value for an account of this size, industry and region.

Method (chosen for transparency): ridge regression of log(won amount) on one-hot
firmographic bands, i.e. a shrunken segment-mean model on the log scale, turned back
into dollars with Duan's smearing factor so it estimates the mean, not the median.
Deal sizes are heavy-tailed, so the log scale keeps one mega-deal from defining a
segment; ridge shrinkage keeps a band with five deals near the overall average. A
gradient-boosting regressor was the alternative; it is not more accurate on these
few-feature tables (see ``benchmarks/validate_scoring.py``) and cannot say "deals
here average $48k" per band.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.linear_model import Ridge

from planner.errors import InputError
from planner.scoring.additive import AdditiveModel
from planner.scoring.features import ACCOUNT_FEATURES, Encoded, FeatureSpec

MIN_WON_DEALS = 10


class PotentialModel(AdditiveModel):
    """Expected won-deal value from firmographic bands.

    ``fit`` sets ``tables_`` (log-dollar effect per band), ``intercept_``, ``smearing_``
    and ``mean_won_`` (the plain average won deal, quoted in explanations).
    """

    def __init__(
        self,
        spec: FeatureSpec = ACCOUNT_FEATURES,
        *,
        alpha: float = 3.0,
        n_bins: int = 6,
        min_count: int = 20,
    ) -> None:
        self.spec = spec
        self.alpha = alpha
        self.n_bins = n_bins
        self.min_count = min_count

    def fit(self, features: pd.DataFrame, amount: pd.Series | np.ndarray) -> PotentialModel:
        """Learn from won deals: their account's features and the deal amount (non-positive ignored)."""
        values = np.asarray(pd.to_numeric(pd.Series(amount), errors="coerce"), dtype=float)
        usable = np.isfinite(values) & (values > 0)
        if usable.sum() < MIN_WON_DEALS:
            raise InputError(
                f"revenue potential needs at least {MIN_WON_DEALS} won deals with an amount; "
                f"found {int(usable.sum())}",
                column="amount",
                hint="Include closed-won opportunities with their Amount in the opportunities file.",
            )
        train = features.loc[usable]
        encoded = self._encode_fit(train)
        target = np.log(values[usable])
        ridge = Ridge(alpha=self.alpha).fit(self.encoder_.design(encoded), target)
        self._set_tables(ridge.coef_, ridge.intercept_, encoded)
        residual = target - self.decision(encoded)
        self.smearing_ = float(np.mean(np.exp(residual)))
        self.mean_won_ = float(values[usable].mean())
        self.n_deals_ = int(usable.sum())
        return self

    def predict(self, encoded: Encoded) -> np.ndarray:
        """Expected deal value in currency units for coded rows."""
        return np.exp(self.decision(encoded)) * self.smearing_


def whitespace(potential: np.ndarray, spend: pd.Series) -> np.ndarray:
    """Room to grow: potential minus what the account already spends, never below zero."""
    current = pd.to_numeric(spend, errors="coerce").fillna(0.0).to_numpy(dtype=float)
    return np.clip(potential - current, 0.0, None)
