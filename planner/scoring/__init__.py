"""Account and segment scoring: revenue potential, fit, market size; priority, tiers, reasons, backtest.

Fit once (``ScoreModel.fit`` then ``.components``), weigh many times (``weigh``).

Names are imported from their module on first use (PEP 562): reading weights and tier rules
(``priority``) must not load scikit-learn and SciPy, a second and more, so the CLI can parse its
arguments and start reading the export while the models' libraries load (``prepare``).
"""

from __future__ import annotations

import importlib
import threading
from typing import TYPE_CHECKING, Any

_HOMES = {
    "BacktestResult": "backtest",
    "backtest": "backtest",
    "backtest_deals": "backtest",
    "Components": "model",
    "ScoreModel": "model",
    "TierRule": "priority",
    "Weights": "priority",
    "rank": "priority",
    "top_n": "priority",
    "FittedScores": "result",
    "ScoreResult": "result",
    "ScoreSummary": "result",
    "fit_scores": "result",
    "score_accounts": "result",
    "weigh": "result",
}
__all__ = [  # noqa: RUF022 (by home module, as _HOMES)
    "BacktestResult",
    "backtest",
    "backtest_deals",
    "Components",
    "ScoreModel",
    "TierRule",
    "Weights",
    "rank",
    "top_n",
    "FittedScores",
    "ScoreResult",
    "ScoreSummary",
    "fit_scores",
    "score_accounts",
    "weigh",
    "prepare",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)


def prepare() -> threading.Thread:
    """Load the scoring models' modules (scikit-learn, SciPy) on a thread and return it to join.

    Started before a long read, the imports overlap it: Arrow parses the CSV without the GIL.
    """
    thread = threading.Thread(
        target=lambda: [importlib.import_module(f"{__name__}.{module}") for module in set(_HOMES.values())],
        name="planner-scoring-import",
        daemon=True,
    )
    thread.start()
    return thread


if TYPE_CHECKING:
    from planner.scoring.backtest import BacktestResult, backtest, backtest_deals
    from planner.scoring.model import Components, ScoreModel
    from planner.scoring.priority import TierRule, Weights, rank, top_n
    from planner.scoring.result import (
        FittedScores,
        ScoreResult,
        ScoreSummary,
        fit_scores,
        score_accounts,
        weigh,
    )
