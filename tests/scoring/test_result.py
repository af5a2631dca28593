import json

import numpy as np
import pytest

from planner.schema import TIERS, Account, Score, SegmentStats
from planner.scoring import ScoreResult, TierRule, Weights
from planner.scoring.result import EXPORT_COLUMNS, score_accounts
from planner.serialize import dumps
from planner.workspace import Workspace


@pytest.fixture(scope="module")
def demo() -> Workspace:
    return Workspace.demo()


def test_score_result_is_sorted_complete_and_in_range(crm):
    accounts, opportunities = crm
    result = score_accounts(accounts, opportunities, tiers=TierRule(kind="top", per_rep=50))
    frame = result.accounts
    assert len(frame) == len(accounts) and set(frame[Account.ID]) == set(accounts[Account.ID])
    priority = frame[Score.PRIORITY].to_numpy()
    assert np.all(np.diff(priority) <= 0) and priority.min() >= 0 and priority.max() <= 100
    assert set(frame[Score.TIER].astype(str)) <= set(TIERS) and frame[Score.TIER].notna().all()
    assert frame[Score.FIT].between(0, 1).all() and (frame[Score.WHITESPACE] <= frame[Score.POTENTIAL]).all()
    assert list(result.export_frame().columns) == list(EXPORT_COLUMNS)


def test_summary_json_round_trips(crm):
    accounts, opportunities = crm
    result = score_accounts(accounts, opportunities)
    whole = json.loads(dumps(result))
    assert len(whole["accounts"]) == len(accounts)
    assert whole["weights"] == {"potential": 0.4, "fit": 0.4, "market": 0.2}
    summary = result.summary(top=5)
    data = json.loads(dumps(summary))
    assert data["weights"] == "potential=0.4,fit=0.4,market=0.2"
    assert sum(data["tier_counts"].values()) == len(accounts)
    assert len(data["top_accounts"]) == 5 and data["top_accounts"][0]["reasons"].startswith("Strongest")
    assert {"feature", "level", "effect"} <= set(data["model"]["fit_effects"][0])


def test_workspace_score_on_the_demo_finds_its_best_segment(demo):
    result = demo.score(weights="potential=0,fit=1,market=0", lookalike=False, backtest=False)
    assert isinstance(result, ScoreResult) and result.weights == Weights(0, 1, 0)
    top_industries = result.accounts.head(300)[Account.INDUSTRY].value_counts()
    # The demo plants Healthcare / Life Sciences as the best-fit industries.
    assert top_industries.index[0] in {"Healthcare", "Life Sciences"}
    segments = result.segments
    assert segments[SegmentStats.TOP_SCORE].is_monotonic_decreasing
    assert segments["reference_firms"].notna().any()


def test_workspace_score_blends_the_ideal_profile_and_backtests(demo):
    result = demo.score()
    assert Score.LOOKALIKE in result.accounts.columns
    assert result.accounts[Score.LOOKALIKE].between(0, 1).all()
    assert result.backtest is not None and result.backtest.auc > 0.55
    plain = demo.score(lookalike=False, backtest=False)
    assert not np.allclose(
        result.accounts.sort_values(Account.ID)[Score.PRIORITY],
        plain.accounts.sort_values(Account.ID)[Score.PRIORITY],
    )
