"""The scoring result and the two calls that make it: fit once, weight many times.

``ScoreModel.fit`` + ``components`` is the slow half (cache it per data version);
``weigh`` turns components into the ranked, tiered, explained list and the segment
roll-up for one choice of weights and tier rule, fast enough to run on every
slider move.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from planner.schema import TIERS, Account, Score, SegmentStats
from planner.scoring.backtest import BacktestResult
from planner.scoring.explain import explain
from planner.scoring.model import Components, ScoreModel
from planner.scoring.priority import TierRule, Weights, rank
from planner.scoring.segments import rollup

# The prioritised list as exported: who, where it ranks, why.
EXPORT_COLUMNS = (
    Account.ID,
    Account.NAME,
    Account.OWNER,
    Account.SEGMENT,
    Score.PRIORITY,
    Score.TIER,
    Score.POTENTIAL,
    Score.FIT,
    Score.MARKET,
    Score.WHITESPACE,
    Score.REASONS,
)

# Figures as a CRM field holds them: whole dollars, priority to 0.1, probability to 0.001.
EXPORT_DECIMALS = {Score.PRIORITY: 1, Score.POTENTIAL: 0, Score.MARKET: 0, Score.WHITESPACE: 0, Score.FIT: 3}


@dataclass(frozen=True, eq=False)
class ScoreSummary:
    """The JSON face of a scoring run: settings, tier counts, the best accounts and segments, the model."""

    weights: str
    tiers: str
    accounts: int
    tier_counts: dict[str, int]
    top_accounts: pd.DataFrame
    top_segments: pd.DataFrame
    model: dict[str, object]
    backtest: BacktestResult | None = None


@dataclass(frozen=True, eq=False)
class ScoreResult:
    """Accounts sorted by priority with the Score columns, the segment roll-up and how they were made."""

    accounts: pd.DataFrame
    segments: pd.DataFrame
    weights: Weights
    tiers: TierRule
    model: dict[str, object] = field(repr=False)
    backtest: BacktestResult | None = None

    def export_frame(self, accounts: pd.DataFrame | None = None) -> pd.DataFrame:
        """The prioritised list in export columns (of all accounts, or of a filtered subset)."""
        frame = self.accounts if accounts is None else accounts
        columns = frame[[c for c in EXPORT_COLUMNS if c in frame.columns]]
        return columns.round(EXPORT_DECIMALS)

    def summary(self, top: int = 10) -> ScoreSummary:
        counts = self.accounts[Score.TIER].value_counts()
        return ScoreSummary(
            weights=str(self.weights),
            tiers=str(self.tiers),
            accounts=len(self.accounts),
            tier_counts={tier: int(counts.get(tier, 0)) for tier in TIERS},
            top_accounts=self.export_frame().head(top),
            top_segments=self.segments.head(top)[
                [
                    Account.SEGMENT,
                    SegmentStats.ACCOUNTS,
                    SegmentStats.TOP_SCORE,
                    SegmentStats.SCORE,
                    SegmentStats.WIN_RATE,
                    SegmentStats.AVG_WON,
                    SegmentStats.POTENTIAL,
                ]
            ],
            model=self.model,
            backtest=self.backtest,
        )


def weigh(
    model: ScoreModel,
    components: Components,
    weights: Weights,
    tiers: TierRule | None = None,
    *,
    backtest: BacktestResult | None = None,
) -> ScoreResult:
    """Priority, tiers, reasons and segment roll-up for one weighting; no model is fitted here."""
    rule = tiers or TierRule()
    ranked = rank(components.frame, weights, rule)
    ranked[Score.REASONS] = explain(components, model, weights)  # same index: no copy to Python strings
    segments = rollup(ranked, components.market, model.deal_stats_)
    order = np.argsort(-ranked[Score.PRIORITY].to_numpy(), kind="stable")
    return ScoreResult(
        accounts=ranked.iloc[order].reset_index(drop=True),
        segments=segments,
        weights=weights,
        tiers=rule,
        model=model.summary(),
        backtest=backtest,
    )


@dataclass(frozen=True, eq=False)
class FittedScores:
    """The fitted models and every account's components: the slow half, computed once per dataset."""

    model: ScoreModel
    components: Components

    def weigh(
        self, weights: Weights, tiers: TierRule | None = None, *, backtest: BacktestResult | None = None
    ) -> ScoreResult:
        return weigh(self.model, self.components, weights, tiers, backtest=backtest)

    def with_lookalike(self, lookalike: pd.Series | None) -> FittedScores:
        """The same fit with the best profile's similarity blended into the fit component."""
        blended = self.components.with_lookalike(lookalike, self.model.lookalike_weight)
        return replace(self, components=blended)


def fit_scores(
    accounts: pd.DataFrame,
    opportunities: pd.DataFrame,
    *,
    lookalike: pd.Series | None = None,
    reference: pd.DataFrame | None = None,
    random_state: int = 0,
) -> FittedScores:
    """Fit on the closed deals and score every account's components (no weighting yet)."""
    model = ScoreModel(random_state=random_state).fit(accounts, opportunities)
    return FittedScores(model, model.components(accounts, lookalike=lookalike, reference=reference))


def score_accounts(
    accounts: pd.DataFrame,
    opportunities: pd.DataFrame,
    *,
    weights: Weights | None = None,
    tiers: TierRule | None = None,
    lookalike: pd.Series | None = None,
    reference: pd.DataFrame | None = None,
    backtest: BacktestResult | None = None,
    random_state: int = 0,
) -> ScoreResult:
    """Fit on the closed deals, score every account and weigh: the whole pipeline in one call."""
    fitted = fit_scores(
        accounts, opportunities, lookalike=lookalike, reference=reference, random_state=random_state
    )
    return fitted.weigh(weights or Weights(), tiers, backtest=backtest)
