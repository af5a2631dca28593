"""Closed deals as a table of attributes, and their encoding for clustering.

A closed deal is described by who bought (industry, region, size band,
employees, revenue, from the account) and what was sold (product, amount, cycle
days, from the opportunity). Missing values are kept visible rather than
guessed: a missing category becomes an explicit ``Unknown`` value, a missing
number is imputed with the median *and* flagged by a missing-indicator column,
so "we do not know the size" can form its own group instead of posing as an
average company.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.errors import InputError, no_closed_deals
from planner.schema import LOST, UNKNOWN, WON, Account, Icp, Opportunity, size_band

# The attributes a deal is profiled on (canonical column names).
# In the order a profile card reads: "Healthcare, 1,000-4,999 employees, Northeast, Insight Pro".
CATEGORICAL: tuple[str, ...] = (Account.INDUSTRY, Account.SIZE_BAND, Account.REGION, Opportunity.PRODUCT)
NUMERIC: tuple[str, ...] = (Account.EMPLOYEES, Account.REVENUE, Opportunity.AMOUNT, Opportunity.CYCLE_DAYS)
# Numbers spread over orders of magnitude are compared on a log scale.
LOG_SCALED: frozenset[str] = frozenset({Account.EMPLOYEES, Account.REVENUE, Opportunity.AMOUNT})
# Attributes an account has before any deal exists (used to score lookalike accounts).
ACCOUNT_ATTRIBUTES: tuple[str, ...] = (
    Account.INDUSTRY,
    Account.REGION,
    Account.SIZE_BAND,
    Account.EMPLOYEES,
    Account.REVENUE,
)
# How a deal went rather than who bought: the PMF score measures them; rules and weights do not chase them.
OUTCOME_MEASURES: frozenset[str] = frozenset({Opportunity.AMOUNT, Opportunity.CYCLE_DAYS})
# Column holding True for won, False for lost, in the deals frame.
IS_WON = Icp.IS_WON

# A categorical attribute needs this many distinct known values to say anything.
_MIN_LEVELS = 2
# A categorical attribute keeps its most common values as columns; the rest share one "Other" column,
# so a free-text product field with thousands of names cannot blow up a million-row matrix.
MAX_LEVELS = 30
OTHER = "Other"
# Missing-indicator columns count half as much as a real attribute in distances.
_MISSING_WEIGHT = 0.5


@dataclass(frozen=True)
class AttributeSet:
    """Which columns of a deals frame are categorical and which numeric."""

    categorical: tuple[str, ...] = CATEGORICAL
    numeric: tuple[str, ...] = NUMERIC

    @property
    def all(self) -> tuple[str, ...]:
        return self.categorical + self.numeric


def closed_deals(accounts: pd.DataFrame, opportunities: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Won and lost opportunities joined to their account's firmographics.

    Returns the deals frame (canonical attribute columns plus ``is_won``) and
    notes saying what was left out or could not be matched, so nothing is
    dropped silently. Open deals are not closed deals: they are counted in a note.
    """
    outcome = opportunities[Opportunity.OUTCOME].astype("string").str.lower()
    closed = opportunities.loc[outcome.isin([WON, LOST])]
    notes: list[str] = []
    n_open = int((~outcome.isin([WON, LOST])).sum())
    if n_open:
        notes.append(f"{n_open:,} open deals are not closed yet and were left out of the profile.")
    if closed.empty:
        raise no_closed_deals()
    firmographics = [Account.INDUSTRY, Account.REGION, Account.SIZE_BAND, Account.EMPLOYEES, Account.REVENUE]
    acc = accounts.reindex(columns=[Account.ID, *firmographics])
    if acc[Account.SIZE_BAND].isna().all():
        acc[Account.SIZE_BAND] = size_band(pd.to_numeric(acc[Account.EMPLOYEES], errors="coerce"))
    acc = acc.dropna(subset=[Account.ID]).drop_duplicates(subset=[Account.ID])
    deal_cols = [Opportunity.ID, Opportunity.ACCOUNT_ID, Opportunity.PRODUCT, Opportunity.AMOUNT]
    deals = closed.reindex(columns=deal_cols).copy()
    deals[Opportunity.CYCLE_DAYS] = _cycle_days(closed)
    deals[IS_WON] = (outcome.loc[closed.index] == WON).to_numpy()
    deals = deals.merge(acc, how="left", left_on=Opportunity.ACCOUNT_ID, right_on=Account.ID, validate="m:1")
    unmatched = int((~deals[Opportunity.ACCOUNT_ID].isin(acc[Account.ID])).sum())
    if unmatched:
        notes.append(
            f"{unmatched:,} closed deals have no matching account; their firmographics count as '{UNKNOWN}'."
        )
    return deals, notes


def _cycle_days(closed: pd.DataFrame) -> pd.Series:
    """Days from creation to close, preferring the ingest-derived column when present."""
    if Opportunity.CYCLE_DAYS in closed and closed[Opportunity.CYCLE_DAYS].notna().any():
        return pd.to_numeric(closed[Opportunity.CYCLE_DAYS], errors="coerce").astype("float64")
    if Opportunity.CREATED in closed and Opportunity.CLOSED in closed:
        created = pd.to_datetime(closed[Opportunity.CREATED], errors="coerce")
        closed_at = pd.to_datetime(closed[Opportunity.CLOSED], errors="coerce")
        return ((closed_at - created).dt.days).astype("float64")
    return pd.Series(np.nan, index=closed.index, dtype="float64")


def categorical_values(deals: pd.DataFrame, column: str) -> pd.Series:
    """A categorical column as text with missing values spelled ``Unknown``."""
    if column not in deals:
        return pd.Series(UNKNOWN, index=deals.index, dtype="string")
    values = deals[column].astype("string").str.strip()
    return values.mask(values.isna() | (values == ""), UNKNOWN)


def numeric_values(deals: pd.DataFrame, column: str) -> pd.Series:
    """A numeric column as float, on a log scale where magnitudes vary widely.

    Negative or zero values of log-scaled columns (a zero amount, zero
    employees) carry no size information and become missing.
    """
    if column not in deals:
        return pd.Series(np.nan, index=deals.index, dtype="float64")
    values = pd.to_numeric(deals[column], errors="coerce").astype("float64")
    if column in LOG_SCALED:
        values = np.log10(values.where(values > 0))
    return values


def value_column(attribute: str, value: str) -> str:
    """Name of the one-hot column of one category value."""
    return f"{attribute}={value}"


class DealEncoder:
    """One-hot categories plus scaled numerics, each attribute weighted.

    Parameters
    ----------
    attributes:
        The categorical and numeric columns to use.
    weights:
        Optional weight per attribute or per category value (key
        ``value_column(attribute, value)``), default 1. A one-hot column is
        scaled so two different values are as far apart as one standard
        deviation of a numeric attribute, times their weights.

    Learned attributes: ``categories_`` (kept values per attribute),
    ``medians_`` / ``scales_`` (numeric imputation and scaling, on the encoded
    scale), ``columns_`` (output column names), ``used_`` (attributes that vary
    and so were kept), ``dropped_`` (attribute -> reason).
    """

    def __init__(self, attributes: AttributeSet | None = None, weights: dict[str, float] | None = None):
        self.attributes = attributes
        self.weights = weights

    def fit(self, deals: pd.DataFrame) -> DealEncoder:
        attributes = self.attributes or AttributeSet()
        self.categories_: dict[str, list[str]] = {}
        self.medians_: dict[str, float] = {}
        self.scales_: dict[str, float] = {}
        self.has_missing_: dict[str, bool] = {}
        self.dropped_: dict[str, str] = {}
        for column in attributes.categorical:
            counts = categorical_values(deals, column).value_counts()
            known = [str(v) for v in counts.index if v != UNKNOWN]
            if len(counts) < _MIN_LEVELS:
                self.dropped_[column] = "has a single value" if known else "is empty"
                continue
            kept = sorted(str(v) for v in counts.index[: MAX_LEVELS - 1])
            if len(counts) > MAX_LEVELS - 1:
                kept.append(OTHER)
            self.categories_[column] = kept
        for column in attributes.numeric:
            values = numeric_values(deals, column)
            known = values.dropna()
            if known.nunique() < _MIN_LEVELS:
                self.dropped_[column] = "has fewer than two distinct values" if len(known) else "is empty"
                continue
            self.medians_[column] = float(known.median())
            self.scales_[column] = float(known.std(ddof=0)) or 1.0
            self.has_missing_[column] = bool(values.isna().any())
        self.used_ = [c for c in attributes.all if c in self.categories_ or c in self.medians_]
        if not self.used_:
            raise InputError(
                "closed deals have no attribute that varies (industry, region, size, product, amount...).",
                hint="Provide accounts with industry/region/employees or deals with product/amount.",
            )
        self.columns_ = self._column_names()
        return self

    def _column_names(self) -> list[str]:
        names = [value_column(c, v) for c, values in self.categories_.items() for v in values]
        for column in self.medians_:
            names.append(column)
            if self.has_missing_[column]:
                names.append(f"{column} missing")
        return names

    def _weight(self, key: str, attribute: str | None = None) -> float:
        """Weight of a one-hot column (``attribute=value``) or attribute, falling back to the attribute's."""
        weights = self.weights or {}
        return float(weights.get(key, weights.get(attribute or key, 1.0)))

    def transform(self, deals: pd.DataFrame) -> np.ndarray:
        """Encoded matrix (float32, one row per deal) in ``columns_`` order."""
        blocks: list[np.ndarray] = []
        for column, values in self.categories_.items():
            codes = pd.Index(values).get_indexer(categorical_values(deals, column))
            if values[-1] == OTHER:
                codes[codes < 0] = len(values) - 1
            block = np.zeros((len(deals), len(values)), dtype=np.float32)
            rows = np.flatnonzero(codes >= 0)
            scale = np.array([self._weight(value_column(column, v), column) for v in values]) / np.sqrt(2.0)
            block[rows, codes[rows]] = scale[codes[rows]]
            blocks.append(block)
        for column, median in self.medians_.items():
            values = numeric_values(deals, column).to_numpy()
            missing = np.isnan(values)
            scaled = (np.where(missing, median, values) - median) / self.scales_[column]
            blocks.append((scaled * self._weight(column)).astype(np.float32)[:, None])
            if self.has_missing_[column]:
                flag = missing.astype(np.float32) * (_MISSING_WEIGHT * self._weight(column))
                blocks.append(flag[:, None])
        return np.hstack(blocks) if blocks else np.zeros((len(deals), 0), dtype=np.float32)

    def fit_transform(self, deals: pd.DataFrame) -> np.ndarray:
        return self.fit(deals).transform(deals)


def attribute_frame(deals: pd.DataFrame, attributes: AttributeSet) -> pd.DataFrame:
    """Categoricals as text with ``Unknown``, numerics in their units: the frame profiles and rules read."""
    out: dict[str, pd.Series] = {c: categorical_values(deals, c) for c in attributes.categorical}
    for column in attributes.numeric:
        raw = deals[column] if column in deals else pd.Series(np.nan, index=deals.index)
        values = pd.to_numeric(raw, errors="coerce").astype("float64")
        # Same rule as the encoding: a zero size or amount is "not recorded", not a size.
        out[column] = values.where(values > 0) if column in LOG_SCALED else values
    return pd.DataFrame(out, index=deals.index)
