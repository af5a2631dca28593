"""Fit: the calibrated probability that a deal with this account is won, from firmographics only.

Method: L2 logistic regression on one-hot firmographic bands (industry, region,
country, employee band, revenue band), then Platt scaling fitted on out-of-fold
predictions. Only who the account is enters the model, never how its deals were
worked (stage, cycle, owner, activity): those are known only after the fact and
would leak the outcome. Platt scaling (two parameters) corrects the shrinkage of
the L2 fit without the ties and steps of isotonic regression, so ranking is
unchanged and small training sets cannot be overfitted.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from planner.errors import InputError
from planner.scoring.additive import AdditiveModel
from planner.scoring.features import ACCOUNT_FEATURES, Encoded, FeatureSpec

MIN_PER_OUTCOME = 10


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


class FitModel(AdditiveModel):
    """Calibrated win probability from firmographic bands.

    ``fit`` sets ``tables_`` (log-odds effect per band), ``intercept_``, ``calibration_``
    (Platt slope and intercept) and ``base_rate_`` (overall win rate of the training deals).
    """

    def __init__(
        self,
        spec: FeatureSpec = ACCOUNT_FEATURES,
        *,
        C: float = 0.5,
        n_bins: int = 6,
        min_count: int = 20,
        cv: int = 5,
        random_state: int = 0,
    ) -> None:
        self.spec = spec
        self.C = C
        self.n_bins = n_bins
        self.min_count = min_count
        self.cv = cv
        self.random_state = random_state

    def fit(self, features: pd.DataFrame, won: pd.Series | np.ndarray) -> FitModel:
        """Learn from closed deals: their account's features and whether each was won."""
        target = np.asarray(won, dtype=bool)
        n_won, n_lost = int(target.sum()), int((~target).sum())
        if min(n_won, n_lost) < MIN_PER_OUTCOME:
            raise InputError(
                f"the fit model needs at least {MIN_PER_OUTCOME} won and {MIN_PER_OUTCOME} lost deals; "
                f"found {n_won} won and {n_lost} lost",
                column="stage",
                hint="Include closed deals (won and lost) in the opportunities file.",
            )
        encoded = self._encode_fit(features)
        design = self.encoder_.design(encoded)
        out_of_fold = np.empty(len(target))
        folds = StratifiedKFold(
            n_splits=min(self.cv, n_won, n_lost), shuffle=True, random_state=self.random_state
        )
        for train, test in folds.split(design, target):
            fold_model = self._logistic().fit(design[train], target[train])
            out_of_fold[test] = fold_model.decision_function(design[test])
        platt = LogisticRegression(C=1e6, solver="newton-cholesky").fit(out_of_fold.reshape(-1, 1), target)
        self.calibration_ = (float(platt.coef_[0, 0]), float(platt.intercept_[0]))
        final = self._logistic().fit(design, target)
        self._set_tables(final.coef_, final.intercept_[0], encoded)
        self.base_rate_ = float(target.mean())
        self.n_deals_ = len(target)
        return self

    def _logistic(self) -> LogisticRegression:
        return LogisticRegression(C=self.C, solver="newton-cholesky", max_iter=200)

    def predict_proba(self, encoded: Encoded) -> np.ndarray:
        """Calibrated probability of winning a deal, per coded row."""
        slope, intercept = self.calibration_
        return _sigmoid(slope * self.decision(encoded) + intercept)


def blend_lookalike(fit_pct: np.ndarray, lookalike: pd.Series | None, weight: float) -> np.ndarray:
    """Fit component: the win-probability percentile, blended with ideal-profile similarity when given.

    Both are on 0..1; missing similarities leave the percentile as it is.
    """
    if lookalike is None:
        return fit_pct
    similarity = pd.to_numeric(lookalike, errors="coerce").to_numpy(dtype=float)
    blended = (1.0 - weight) * fit_pct + weight * np.clip(similarity, 0.0, 1.0)
    return np.where(np.isfinite(similarity), blended, fit_pct)
