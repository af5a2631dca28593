"""Account and segment scoring: revenue potential, fit, market size; priority, tiers, reasons, backtest.

Fit once (``ScoreModel.fit`` then ``.components``), weigh many times (``weigh``).
"""

from planner.scoring.backtest import BacktestResult, backtest, backtest_deals
from planner.scoring.model import Components, ScoreModel
from planner.scoring.priority import TierRule, Weights, rank, top_n
from planner.scoring.result import ScoreResult, ScoreSummary, score_accounts, weigh

__all__ = [
    "BacktestResult",
    "Components",
    "ScoreModel",
    "ScoreResult",
    "ScoreSummary",
    "TierRule",
    "Weights",
    "backtest",
    "backtest_deals",
    "rank",
    "score_accounts",
    "top_n",
    "weigh",
]
