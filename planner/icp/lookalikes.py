"""How much an account looks like the accounts in the best-fit profile, in [0, 1].

The best cluster's *account* attributes (industry, region, size band, employees,
revenue; not product, amount or cycle, which a prospect does not have yet) are
kept as a small, serialisable signature: the share of each category value and
the centre and spread of each number. An account's similarity is a weighted
average of per-attribute matches, each attribute weighted by how distinctive it
is of the best profile (total-variation distance from the overall mix), so
"Healthcare" counts for a lot when the best profile is mostly Healthcare and
region counts for little when the best profile spans every region. An unknown
number counts as no match: missing data is not evidence of fit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.icp.features import (
    ACCOUNT_ATTRIBUTES,
    AttributeSet,
    categorical_values,
    numeric_values,
)
from planner.schema import OPEN, WON, Account, Icp, Opportunity, Score, size_band

_BINS = 5
# Smallest spread of a numeric attribute (log10 units when log-scaled): one exact value is not a demand.
_MIN_SPREAD = 0.1


@dataclass(frozen=True)
class AttributeSignature:
    """The best profile's distribution of one account attribute."""

    attribute: str
    weight: float
    shares: dict[str, float] | None = None
    centre: float | None = None
    spread: float | None = None


@dataclass(frozen=True)
class LookalikeModel:
    """Signature of the best profile; ``score`` rates accounts by similarity to it."""

    signatures: tuple[AttributeSignature, ...]

    def score(self, accounts: pd.DataFrame) -> pd.Series:
        """Similarity in [0, 1] of each account (indexed like ``accounts``)."""
        frame = _with_size_band(accounts)
        total = sum(s.weight for s in self.signatures)
        if total <= 0:
            return pd.Series(0.0, index=accounts.index, name=Score.LOOKALIKE)
        score = np.zeros(len(frame))
        for sig in self.signatures:
            if sig.shares is not None:
                match = _share_of_top(categorical_values(frame, sig.attribute), sig.shares)
            else:
                values = numeric_values(frame, sig.attribute).to_numpy()
                z = (values - sig.centre) / sig.spread
                match = np.nan_to_num(np.exp(-0.5 * z**2), nan=0.0)
            score += sig.weight * match
        return pd.Series(np.clip(score / total, 0, 1), index=accounts.index, name=Score.LOOKALIKE)


def _share_of_top(values: pd.Series, shares: dict[str, float]) -> np.ndarray:
    """Each value's share in the best profile relative to its most common value (0 when absent).

    Looked up once per distinct value: a million accounts hold a few dozen industries or regions.
    """
    codes, uniques = pd.factorize(values)
    top = max(shares.values())
    table = np.array([shares.get(value, 0.0) / top for value in uniques] + [0.0])
    return table[codes]  # code -1 (missing) takes the trailing 0


def _with_size_band(accounts: pd.DataFrame) -> pd.DataFrame:
    if Account.SIZE_BAND in accounts and accounts[Account.SIZE_BAND].notna().any():
        return accounts
    if Account.EMPLOYEES not in accounts:
        return accounts
    employees = pd.to_numeric(accounts[Account.EMPLOYEES], errors="coerce")
    return accounts.assign(**{Account.SIZE_BAND: size_band(employees)})


def _levels(frame: pd.DataFrame, column: str, numeric: bool) -> pd.Series:
    if not numeric:
        return categorical_values(frame, column)
    values = numeric_values(frame, column)
    return pd.qcut(values.rank(method="first"), _BINS, labels=False, duplicates="drop").fillna(-1)


def fit_lookalike(deals: pd.DataFrame, in_best: np.ndarray, attributes: AttributeSet) -> LookalikeModel:
    """Signature of the deals in the best cluster, over the account attributes the clustering used."""
    signatures = []
    for column in ACCOUNT_ATTRIBUTES:
        numeric = column in attributes.numeric
        if column not in attributes.all:
            continue
        levels = _levels(deals, column, numeric)
        overall = levels.value_counts(normalize=True)
        inside = levels[in_best].value_counts(normalize=True).reindex(overall.index, fill_value=0.0)
        weight = float(0.5 * (inside - overall).abs().sum())
        if not numeric:
            shares = {str(k): float(v) for k, v in inside.items() if v > 0}
            signatures.append(AttributeSignature(column, weight, shares=shares))
            continue
        values = numeric_values(deals, column)[in_best].dropna()
        if values.empty:
            continue
        spread = float(values.quantile(0.75) - values.quantile(0.25)) / 1.349
        signatures.append(
            AttributeSignature(column, weight, centre=float(values.median()), spread=max(spread, _MIN_SPREAD))
        )
    return LookalikeModel(tuple(signatures))


def lookalike_accounts(
    model: LookalikeModel, accounts: pd.DataFrame, opportunities: pd.DataFrame, *, top: int = 50
) -> pd.DataFrame:
    """Accounts that are not customers yet (no won deal), most similar to the best profile first.

    Adds ``lookalike`` and ``open_deals`` (how many open opportunities the account already has).
    """
    outcome = opportunities[Opportunity.OUTCOME].astype("string")
    customers = set(opportunities.loc[outcome == WON, Opportunity.ACCOUNT_ID].dropna())
    open_counts = opportunities.loc[outcome == OPEN, Opportunity.ACCOUNT_ID].value_counts()
    prospects = accounts.loc[~accounts[Account.ID].isin(customers)]
    scored = prospects.assign(
        **{
            Score.LOOKALIKE: model.score(prospects),
            Icp.OPEN_DEALS: prospects[Account.ID].map(open_counts).fillna(0).astype(int),
        }
    )
    return scored.sort_values(Score.LOOKALIKE, ascending=False, kind="stable").head(top)
