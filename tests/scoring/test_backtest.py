import dataclasses

import numpy as np
import pandas as pd
import pytest

from planner.errors import InputError
from planner.schema import WON, Account, Opportunity
from planner.scoring.backtest import backtest, backtest_deals, evaluate
from planner.scoring.features import FeatureSpec


def test_backtest_on_planted_data_beats_chance_and_reports_everything(crm):
    accounts, opportunities = crm
    result = backtest_deals(accounts, opportunities)
    closed = opportunities[Opportunity.OUTCOME].isin(["won", "lost"]).sum()
    assert result.n_train + result.n_test == closed
    assert result.n_train == pytest.approx(0.75 * closed, abs=1)
    assert result.auc > 0.65 and result.lift_top_decile > 1.5
    assert 0.5 < result.reference_auc < 1
    assert result.calibration["deals"].sum() == result.n_test
    assert len(result.calibration) == 10
    # Calibrated: predicted and observed win rates agree on average over the test deals.
    table = result.calibration
    predicted = (table["predicted_win_rate"] * table["deals"]).sum() / table["deals"].sum()
    assert predicted == pytest.approx(result.test_win_rate, abs=0.05)
    assert "tested on later ones" in result.split


def test_backtest_trains_on_the_past_only():
    """When the winning industry flips in the newest quarter, a time-ordered backtest must see it fail."""
    rng = np.random.default_rng(0)
    n = 4000
    industry = rng.choice(["Healthcare", "Retail"], n)
    old = np.arange(n) < 3000
    healthcare = industry == "Healthcare"
    p = np.where(old, np.where(healthcare, 0.6, 0.2), np.where(healthcare, 0.2, 0.6))
    won = rng.random(n) < p
    deals = pd.DataFrame({Account.INDUSTRY: pd.Series(industry, dtype="string")})
    result = backtest(deals, won, FeatureSpec(categorical=(Account.INDUSTRY,)))
    assert result.auc < 0.4


def test_evaluate_lift_and_auc_on_a_perfect_ranking():
    won = np.r_[np.ones(10), np.zeros(90)].astype(bool)
    evaluation = evaluate(won, np.linspace(1, 0, 100))
    assert evaluation.auc == 1.0
    assert evaluation.lift_top_decile == pytest.approx(10.0)


def test_too_few_deals_is_an_input_error(crm):
    accounts, opportunities = crm
    closed = opportunities[opportunities[Opportunity.OUTCOME] == WON].head(30)
    with pytest.raises(InputError, match="too few closed deals"):
        backtest_deals(accounts, closed)


@pytest.mark.parametrize(
    ("auc", "words"),
    [
        (0.52, "No better than chance"),
        (0.58, "Weak but real"),
        (0.70, "Useful"),
        (0.80, "Strong for sales data"),
        (0.93, "check that no field gives the outcome away"),
    ],
)
def test_the_verdict_says_in_words_how_far_to_trust_the_score(crm, auc, words):
    accounts, opportunities = crm
    result = dataclasses.replace(backtest_deals(accounts, opportunities), auc=auc, lift_top_decile=1.55)
    assert words in result.verdict
    assert f"{auc:.0%} of the time" in result.verdict and "1.55 times as often" in result.verdict
