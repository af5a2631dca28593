"""Firmographic features: the one place that turns account columns into model inputs.

Both models (potential and fit) and the explanations read the same integer codes,
so a reason always names the band the model actually used. Every feature is a
small set of levels (categories, or quantile bands of a number), which keeps the
models additive lookup tables: transparent, and 1M predictions cost a few array
lookups instead of a dense design matrix.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse

from planner.errors import InputError
from planner.schema import UNKNOWN, Account

OTHER = "Other"


@dataclass(frozen=True)
class FeatureSpec:
    """Which columns are features: categories as they are, numbers cut into quantile bands."""

    categorical: tuple[str, ...]
    numeric: tuple[str, ...] = ()
    # How a numeric band is written in a sentence: "{band} employees", "${band} revenue".
    band_formats: Mapping[str, str] = field(default_factory=dict)
    money: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        return self.categorical + self.numeric


# Firmographics only: who the account is, never how a deal with it was worked.
ACCOUNT_FEATURES = FeatureSpec(
    categorical=(Account.INDUSTRY, Account.REGION, Account.COUNTRY),
    numeric=(Account.EMPLOYEES, Account.REVENUE),
    band_formats={Account.EMPLOYEES: "{band} employees", Account.REVENUE: "{band} revenue"},
    money=(Account.REVENUE,),
)


def _nice(value: float) -> float:
    """Round a band edge to two significant digits so labels read like people write them."""
    if value <= 0 or not np.isfinite(value):
        return float(value)
    magnitude = 10 ** (np.floor(np.log10(value)) - 1)
    return float(np.round(value / magnitude) * magnitude)


def format_amount(value: float, *, money: bool = False) -> str:
    """Compact human number: 1,200 / 48k / 3.5M (with $ when money)."""
    sign = "$" if money else ""
    if not np.isfinite(value):
        return UNKNOWN
    if abs(value) >= 1e9:
        text = f"{value / 1e9:.1f}B"
    elif abs(value) >= 1e6:
        text = f"{value / 1e6:.1f}M"
    elif abs(value) >= 1e4 and money:
        text = f"{value / 1e3:.0f}k"
    elif abs(value) >= 1e3 and money:
        text = f"{value / 1e3:.1f}k"
    else:
        text = f"{value:,.0f}"
    return sign + text.replace(".0B", "B").replace(".0M", "M").replace(".0k", "k")


def _band_labels(edges: np.ndarray, *, money: bool) -> list[str]:
    """Labels for the bands between consecutive edges: 'under 50', '50-200', '5,000+'."""
    if len(edges) == 2:
        return ["any"]
    labels = [f"under {format_amount(edges[1], money=money)}"]
    for i in range(1, len(edges) - 2):
        labels.append(f"{format_amount(edges[i], money=money)}-{format_amount(edges[i + 1], money=money)}")
    labels.append(f"{format_amount(edges[-2], money=money)}+")
    return labels


class FeatureEncoder:
    """Learns the levels of each feature from training rows and codes any frame into them.

    Parameters follow scikit-learn: ``fit`` sets ``levels_`` (label per code, per feature),
    ``edges_`` (band edges of numeric features) and ``log_means_`` (to centre their logs).
    A number enters twice: its band (a step per band) and its log (a slope within bands),
    so two accounts of 1,000 and 4,000 employees do not get the same potential. Categories seen fewer than
    ``min_count`` times, or never seen, become ``Other``; missing values ``Unknown``.
    """

    def __init__(self, spec: FeatureSpec, *, n_bins: int = 6, min_count: int = 20) -> None:
        self.spec = spec
        self.n_bins = n_bins
        self.min_count = min_count

    def fit(self, frame: pd.DataFrame) -> FeatureEncoder:
        missing = [c for c in self.spec.columns if c not in frame.columns]
        if missing:
            raise InputError(
                f"scoring needs the columns {missing}; found {list(frame.columns)}",
                hint="Map them in the column mapping on the Data page.",
                cli_hint="Map them with --map.",
            )
        self.levels_: list[np.ndarray] = []
        self.edges_: dict[str, np.ndarray] = {}
        log_means: list[float] = []
        for column in self.spec.categorical:
            counts = frame[column].dropna().astype("string").value_counts()
            kept = sorted(counts.index[counts >= self.min_count].tolist())
            self.levels_.append(np.array([*kept, OTHER, UNKNOWN], dtype=object))
        for column in self.spec.numeric:
            values = _numbers(frame, column)
            values = values[np.isfinite(values)]
            quantiles = np.quantile(values, np.linspace(0, 1, self.n_bins + 1)[1:-1]) if len(values) else []
            inner = np.unique([_nice(q) for q in quantiles if q > 0])
            edges = np.concatenate([[0.0], inner, [np.inf]])
            self.edges_[column] = edges
            labels = _band_labels(edges, money=column in self.spec.money)
            self.levels_.append(np.array([*labels, UNKNOWN], dtype=object))
            log_means.append(float(np.log1p(np.clip(values, 0, None)).mean()) if len(values) else 0.0)
        self.log_means_ = np.array(log_means)
        self.offsets_ = np.concatenate([[0], np.cumsum([len(levels) for levels in self.levels_])])
        return self

    @property
    def n_columns(self) -> int:
        return int(self.offsets_[-1])

    def transform(self, frame: pd.DataFrame) -> Encoded:
        """Band code per row and feature, plus the centred log of each number (within-band slope)."""
        # Column-major: every use reads one feature's codes for all rows.
        codes = np.empty((len(frame), len(self.spec.columns)), dtype=np.int32, order="F")
        logs = np.zeros((len(frame), len(self.spec.numeric)), order="F")
        for j, column in enumerate(self.spec.categorical):
            levels = self.levels_[j]
            series = frame[column] if column in frame.columns else pd.Series(pd.NA, index=frame.index)
            # Factorize first (fast on Arrow strings), then match the few distinct values to the levels.
            values, distinct = pd.factorize(series)
            matched = pd.Index(levels[:-2], dtype=object).get_indexer(np.asarray(distinct, dtype=object))
            known = np.append(matched, -1)[values].astype(np.int32)
            known[known < 0] = len(levels) - 2
            known[series.isna().to_numpy()] = len(levels) - 1
            codes[:, j] = known
        for k, column in enumerate(self.spec.numeric):
            j = len(self.spec.categorical) + k
            values = _numbers(frame, column)
            finite = np.isfinite(values)
            band = np.searchsorted(self.edges_[column][1:-1], values, side="right").astype(np.int32)
            band[~finite] = len(self.levels_[j]) - 1
            codes[:, j] = band
            logs[finite, k] = np.log1p(np.clip(values[finite], 0, None)) - self.log_means_[k]
        return Encoded(codes, logs)

    def design(self, encoded: Encoded) -> sparse.csr_matrix:
        """Sparse design matrix: one-hot bands (one 1 per feature), then the centred logs."""
        codes = encoded.codes
        rows, features = codes.shape
        columns = (codes + self.offsets_[:-1][None, :]).ravel()
        indptr = np.arange(0, rows * features + 1, features)
        data = np.ones(rows * features)
        one_hot = sparse.csr_matrix((data, columns, indptr), shape=(rows, self.n_columns))
        return sparse.hstack([one_hot, sparse.csr_matrix(encoded.logs)], format="csr")

    def split_coefficients(self, coef: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
        """Cut a flat coefficient vector into one lookup table per feature and the log slopes."""
        tables = [coef[self.offsets_[j] : self.offsets_[j + 1]].copy() for j in range(len(self.levels_))]
        return tables, coef[self.n_columns :].copy()


def _numbers(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame.columns:
        return np.full(len(frame), np.nan)
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)


@dataclass(frozen=True, eq=False)
class Encoded:
    """Coded rows: band code per feature (rows x features) and centred logs (rows x numeric features)."""

    codes: np.ndarray
    logs: np.ndarray

    def __len__(self) -> int:
        return len(self.codes)
