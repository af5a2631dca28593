"""The slow half of scoring: fit the models on closed deals, then score every account once.

Fitting reads only closed deals (thousands of rows); scoring accounts is vectorised
lookups, so a million accounts are scored without fitting anything on them. The
result, ``Components``, holds the three normalised components; weighting them
(``priority.rank``) is the instant half the app repeats on every slider move.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from planner.errors import InputError, no_closed_deals
from planner.schema import LOST, WON, Account, Opportunity, Score, SegmentStats
from planner.scoring.features import ACCOUNT_FEATURES, Encoded, FeatureSpec
from planner.scoring.fit import FitModel, blend_lookalike
from planner.scoring.market import account_market
from planner.scoring.potential import PotentialModel, whitespace
from planner.scoring.priority import percentile_rank

# Account columns carried into the scored table (identity and what the reasons quote).
CARRIED = (
    Account.ID,
    Account.NAME,
    Account.OWNER,
    Account.SEGMENT,
    Account.INDUSTRY,
    Account.REGION,
    Account.SIZE_BAND,
    Account.EMPLOYEES,
    Account.SPEND,
)


@dataclass(frozen=True)
class LevelStats:
    """Per feature level: deals behind it and the figure the reasons quote (win rate or average won deal)."""

    deals: list[np.ndarray]
    value: list[np.ndarray]
    overall: float


@dataclass(frozen=True, eq=False)
class Components:
    """Accounts with their scored components, plus the coded features the explanations read."""

    frame: pd.DataFrame
    fit_encoded: Encoded
    potential_encoded: Encoded
    market: pd.DataFrame

    def with_lookalike(self, lookalike: pd.Series | None, weight: float) -> Components:
        """The fit percentile blended with each account's similarity to the best profile.

        A step of its own, so the profile can be found while the models score the accounts.
        """
        if lookalike is None:
            return self
        blended = {
            Score.FIT_PCT: blend_lookalike(self.frame[Score.FIT_PCT].to_numpy(), lookalike, weight),
            Score.LOOKALIKE: pd.to_numeric(lookalike, errors="coerce").to_numpy(dtype=float),
        }
        return replace(self, frame=self.frame.assign(**blended))


def closed_deal_features(
    accounts: pd.DataFrame, opportunities: pd.DataFrame, spec: FeatureSpec = ACCOUNT_FEATURES
) -> pd.DataFrame:
    """Closed deals (won or lost) with their account's firmographics, in close-date order.

    Deals whose account is not in the accounts table cannot be described and are left out.
    """
    closed = opportunities[opportunities[Opportunity.OUTCOME].isin([WON, LOST])]
    firmographics = accounts.drop_duplicates(Account.ID).set_index(Account.ID)[list(spec.columns)]
    deal_columns = [Opportunity.OUTCOME, Opportunity.AMOUNT, Opportunity.CLOSED, Opportunity.CYCLE_DAYS]
    deals = closed[[Opportunity.ACCOUNT_ID, *deal_columns]].reset_index(drop=True)
    # Positions via the index's hash table: Series.isin on a million Arrow strings is far slower.
    position = firmographics.index.get_indexer(deals[Opportunity.ACCOUNT_ID])
    known = position >= 0
    features = firmographics.iloc[position[known]].reset_index(drop=True)
    joined = pd.concat([deals[known].reset_index(drop=True), features], axis=1)
    return joined.sort_values(Opportunity.CLOSED, kind="stable", na_position="first").reset_index(drop=True)


def level_rates(codes: np.ndarray, levels: list[np.ndarray], outcome: np.ndarray) -> LevelStats:
    """Deals and mean outcome per level of each feature (win rate, or average amount)."""
    deals, value = [], []
    for j, names in enumerate(levels):
        n = np.bincount(codes[:, j], minlength=len(names)).astype(float)
        total = np.bincount(codes[:, j], weights=outcome, minlength=len(names))
        deals.append(n)
        value.append(np.divide(total, n, out=np.full(len(names), np.nan), where=n > 0))
    return LevelStats(deals, value, float(np.mean(outcome)) if len(outcome) else float("nan"))


class ScoreModel:
    """Potential and fit models learned from closed deals, applied to any accounts table.

    ``fit`` sets ``fit_model_``, ``potential_model_``, ``fit_stats_`` (win rate per band),
    ``potential_stats_`` (average won deal per band), ``deal_stats_`` (per segment),
    ``won_accounts_`` and ``skipped_deals_`` (closed deals without a known account).
    """

    def __init__(
        self,
        spec: FeatureSpec = ACCOUNT_FEATURES,
        *,
        n_bins: int = 6,
        min_count: int = 20,
        lookalike_weight: float = 0.3,
        random_state: int = 0,
    ) -> None:
        self.spec = spec
        self.n_bins = n_bins
        self.min_count = min_count
        self.lookalike_weight = lookalike_weight
        self.random_state = random_state

    def fit(self, accounts: pd.DataFrame, opportunities: pd.DataFrame) -> ScoreModel:
        # Only accounts with deals teach anything; joining a million prospects would just cost time.
        with_deals = opportunities[Opportunity.ACCOUNT_ID].dropna().unique()
        accounts = accounts[accounts[Account.ID].isin(with_deals)]
        deals = closed_deal_features(accounts, opportunities, self.spec)
        n_closed = int(opportunities[Opportunity.OUTCOME].isin([WON, LOST]).sum())
        self.skipped_deals_ = n_closed - len(deals)
        if n_closed == 0:
            raise no_closed_deals()
        if deals.empty:
            raise InputError(
                f"none of the {n_closed:,} closed deals belongs to an account in the accounts file, so "
                "nothing can be learned.",
                column=Opportunity.ACCOUNT_ID,
                hint="Check that the opportunities' account ids or names match the accounts file.",
            )
        won = (deals[Opportunity.OUTCOME] == WON).to_numpy()
        self.fit_model_ = FitModel(
            self.spec, n_bins=self.n_bins, min_count=self.min_count, random_state=self.random_state
        ).fit(deals, won)
        won_deals = deals[won]
        self.potential_model_ = PotentialModel(self.spec, n_bins=self.n_bins, min_count=self.min_count).fit(
            won_deals, won_deals[Opportunity.AMOUNT]
        )
        fit_codes = self.fit_model_.encode(deals).codes
        self.fit_stats_ = level_rates(fit_codes, self.fit_model_.encoder_.levels_, won.astype(float))
        amount = pd.to_numeric(won_deals[Opportunity.AMOUNT], errors="coerce").to_numpy(dtype=float)
        paid = np.isfinite(amount) & (amount > 0)
        potential_codes = self.potential_model_.encode(won_deals[paid]).codes
        self.potential_stats_ = level_rates(
            potential_codes, self.potential_model_.encoder_.levels_, amount[paid]
        )
        self.deal_stats_ = segment_deal_stats(accounts, opportunities)
        self.won_accounts_ = pd.Index(won_deals[Opportunity.ACCOUNT_ID].dropna().unique())
        self.n_closed_ = len(deals)
        return self

    def components(
        self,
        accounts: pd.DataFrame,
        *,
        lookalike: pd.Series | None = None,
        reference: pd.DataFrame | None = None,
    ) -> Components:
        """Potential, whitespace, fit and market for every account, each also as a 0-1 percentile."""
        frame = accounts[[c for c in CARRIED if c in accounts.columns]]
        fit_encoded = self.fit_model_.encode(accounts)
        potential_encoded = self.potential_model_.encode(accounts)
        potential = self.potential_model_.predict(potential_encoded)
        spend = accounts.get(Account.SPEND, pd.Series(np.nan, index=accounts.index))
        room = whitespace(potential, spend)
        fit = self.fit_model_.predict_proba(fit_encoded)
        market, market_pct, market_table = account_market(accounts, potential, reference)
        columns = {
            Score.POTENTIAL: potential,
            Score.WHITESPACE: room,
            Score.FIT: fit,
            Score.MARKET: market,
            Score.POTENTIAL_PCT: percentile_rank(room),
            Score.FIT_PCT: percentile_rank(fit),
            Score.MARKET_PCT: market_pct,
        }
        paying = pd.to_numeric(spend, errors="coerce").fillna(0.0).to_numpy() > 0
        columns[Score.CUSTOMER] = paying | accounts[Account.ID].isin(self.won_accounts_).to_numpy()
        frame = frame.assign(**columns)
        plain = Components(frame, fit_encoded, potential_encoded, market_table)
        return plain.with_lookalike(lookalike, self.lookalike_weight)

    def summary(self) -> dict[str, object]:
        """What was learned, in figures a RevOps analyst can check."""
        return {
            "closed_deals": self.n_closed_,
            "closed_deals_without_account": self.skipped_deals_,
            "won_deals_with_amount": self.potential_model_.n_deals_,
            "win_rate": self.fit_model_.base_rate_,
            "average_won_deal": self.potential_model_.mean_won_,
            "features": list(self.spec.columns),
            "fit_model": "L2 logistic regression on one-hot firmographic bands, Platt-calibrated out of fold",
            "potential_model": "ridge regression of log won amount on one-hot firmographic bands, smearing "
            "back-transform",
            "normalisation": "rank percentile (0 = lowest account, 1 = highest)",
            "fit_effects": self.fit_model_.effects(),
            "potential_effects": self.potential_model_.effects(),
        }


def segment_deal_stats(accounts: pd.DataFrame, opportunities: pd.DataFrame) -> pd.DataFrame:
    """Per segment: closed and won deals, win rate, average won deal, median cycle of won deals."""
    segment_of = accounts.drop_duplicates(Account.ID).set_index(Account.ID)[Account.SEGMENT]
    closed = opportunities[opportunities[Opportunity.OUTCOME].isin([WON, LOST])]
    deals = pd.DataFrame(
        {
            Account.SEGMENT: segment_of.reindex(closed[Opportunity.ACCOUNT_ID].to_numpy()).to_numpy(),
            WON: (closed[Opportunity.OUTCOME] == WON).to_numpy(),
            Opportunity.AMOUNT: pd.to_numeric(closed[Opportunity.AMOUNT], errors="coerce").to_numpy(
                dtype=float
            ),
            Opportunity.CYCLE_DAYS: pd.to_numeric(closed[Opportunity.CYCLE_DAYS], errors="coerce").to_numpy(
                dtype=float
            ),
        }
    ).dropna(subset=[Account.SEGMENT])
    grouped = deals.groupby(Account.SEGMENT)
    stats = pd.DataFrame(
        {
            SegmentStats.CLOSED: grouped.size().astype(float),
            SegmentStats.WON: grouped[WON].sum().astype(float),
        }
    )
    stats[SegmentStats.WIN_RATE] = stats[SegmentStats.WON] / stats[SegmentStats.CLOSED]
    won_grouped = deals[deals[WON]].groupby(Account.SEGMENT)
    stats[SegmentStats.AVG_WON] = won_grouped[Opportunity.AMOUNT].mean()
    stats[SegmentStats.MEDIAN_CYCLE] = won_grouped[Opportunity.CYCLE_DAYS].median()
    return stats
