"""Shared base of the two account models: a linear model on one-hot bands, kept as lookup tables.

A ridge/logistic fit on one-hot levels is a shrunken segment-mean model: each level's
effect moves away from the overall mean only as far as its evidence allows. Kept as one
table per feature (plus a log slope per number), a prediction is a sum of lookups, fast
on millions of rows, and each feature's share of that sum is what the explanations quote.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planner.scoring.features import Encoded, FeatureEncoder, FeatureSpec


class AdditiveModel:
    """Base with ``encoder_``, ``tables_`` (effect per band), ``slopes_`` (per log unit), ``intercept_``."""

    spec: FeatureSpec
    n_bins: int
    min_count: int

    def _encode_fit(self, features: pd.DataFrame) -> Encoded:
        self.encoder_ = FeatureEncoder(self.spec, n_bins=self.n_bins, min_count=self.min_count).fit(features)
        return self.encoder_.transform(features)

    def _set_tables(self, coef: np.ndarray, intercept: float, encoded: Encoded) -> None:
        """Store per-feature tables centred on the training rows, so a contribution of 0 is 'average'."""
        tables, self.slopes_ = self.encoder_.split_coefficients(np.asarray(coef, dtype=float).ravel())
        codes = encoded.codes
        centres = np.array([table[codes[:, j]].mean() for j, table in enumerate(tables)])
        for j, table in enumerate(tables):
            # A level no training row had says nothing: treat it as average, not as the penalty-free zero.
            unseen = np.bincount(codes[:, j], minlength=len(table)) == 0
            table[unseen] = centres[j]
        self.tables_ = [table - centre for table, centre in zip(tables, centres, strict=True)]
        self.intercept_ = float(intercept) + float(centres.sum())
        self.scale_ = float(np.std(self.decision(encoded))) or 1.0

    def encode(self, frame: pd.DataFrame) -> Encoded:
        return self.encoder_.transform(frame)

    def decision(self, encoded: Encoded) -> np.ndarray:
        """The linear predictor (log amount, or log-odds) of coded rows."""
        total = np.full(len(encoded), self.intercept_)
        for j, table in enumerate(self.tables_):
            total += table[encoded.codes[:, j]]
        if len(self.slopes_):
            total += encoded.logs @ self.slopes_
        return total

    def contributions(self, encoded: Encoded) -> list[np.ndarray]:
        """Each feature's effect per row, in units of the predictor's spread (one array per feature)."""
        n_categorical = len(self.spec.categorical)
        out = []
        for j, table in enumerate(self.tables_):
            effect = table[encoded.codes[:, j]]
            if j >= n_categorical:
                effect = effect + encoded.logs[:, j - n_categorical] * self.slopes_[j - n_categorical]
            out.append(effect / self.scale_)
        return out

    def effects(self) -> pd.DataFrame:
        """The model in one table: feature, level, effect (for the model summary and the app)."""
        rows = [
            (column, level, float(effect))
            for column, levels, table in zip(
                self.spec.columns, self.encoder_.levels_, self.tables_, strict=True
            )
            for level, effect in zip(levels, table, strict=True)
        ]
        rows += [
            (column, "slope per log unit", float(slope))
            for column, slope in zip(self.spec.numeric, self.slopes_, strict=True)
        ]
        return pd.DataFrame(rows, columns=["feature", "level", "effect"])
