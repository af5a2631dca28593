"""Account and segment scoring: revenue potential, fit, market size; priority, tiers, reasons, backtest.

Fit once (``ScoreModel.fit`` then ``.components``), weigh many times (``weigh``).
"""

from planner.scoring.backtest import BacktestResult, backtest, backtest_deals
from planner.scoring.model import Components, ScoreModel
from planner.scoring.priority import TierRule, Weights, rank, top_n
from planner.scoring.result import FittedScores, ScoreResult, ScoreSummary, fit_scores, score_accounts, weigh

__all__ = [
    "BacktestResult",
    "Components",
    "FittedScores",
    "ScoreModel",
    "ScoreResult",
    "ScoreSummary",
    "TierRule",
    "Weights",
    "backtest",
    "backtest_deals",
    "fit_scores",
    "rank",
    "score_accounts",
    "top_n",
    "weigh",
]
