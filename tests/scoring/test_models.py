import numpy as np
import pandas as pd
import pytest

from planner.errors import InputError
from planner.schema import WON, Account, Opportunity
from planner.scoring.fit import FitModel, blend_lookalike
from planner.scoring.model import ScoreModel, closed_deal_features
from planner.scoring.potential import PotentialModel, whitespace


def test_potential_grows_with_employees(crm):
    accounts, opportunities = crm
    model = ScoreModel().fit(accounts, opportunities)
    probe = accounts.head(2).assign(**{Account.EMPLOYEES: [50.0, 5_000.0]})
    small, large = model.potential_model_.predict(model.potential_model_.encode(probe))
    assert large > 3 * small


def test_potential_estimates_the_mean_won_deal(crm):
    accounts, opportunities = crm
    deals = closed_deal_features(accounts, opportunities)
    won = deals[deals[Opportunity.OUTCOME] == WON]
    model = PotentialModel().fit(won, won[Opportunity.AMOUNT])
    predicted = model.predict(model.encode(won))
    # Smearing makes the back-transformed prediction unbiased for the mean, not the median.
    assert predicted.mean() == pytest.approx(won[Opportunity.AMOUNT].mean(), rel=0.1)


def test_whitespace_is_potential_minus_spend_never_negative():
    room = whitespace(np.array([100.0, 100.0, 100.0]), pd.Series([np.nan, 30.0, 250.0]))
    assert list(room) == [100.0, 70.0, 0.0]


def test_fit_finds_planted_industry_and_is_calibrated(crm):
    accounts, opportunities = crm
    deals = closed_deal_features(accounts, opportunities)
    won = (deals[Opportunity.OUTCOME] == WON).to_numpy()
    model = FitModel().fit(deals, won)
    probability = model.predict_proba(model.encode(deals))
    healthcare = (deals[Account.INDUSTRY] == "Healthcare").to_numpy()
    assert probability[healthcare].mean() > probability[~healthcare].mean() + 0.2
    assert probability.mean() == pytest.approx(won.mean(), abs=0.02)
    for group in (healthcare, ~healthcare):
        assert probability[group].mean() == pytest.approx(won[group].mean(), abs=0.04)


def test_fit_ignores_deal_process_fields(crm):
    accounts, opportunities = crm
    shuffled = opportunities.assign(
        **{
            Opportunity.CYCLE_DAYS: opportunities[Opportunity.CYCLE_DAYS]
            .sample(frac=1, random_state=3)
            .to_numpy(),
            Opportunity.OWNER: "Someone Else",
        }
    )
    first = ScoreModel().fit(accounts, opportunities).components(accounts).frame
    second = ScoreModel().fit(accounts, shuffled).components(accounts).frame
    assert np.allclose(first["fit"], second["fit"])


def test_too_few_outcomes_is_a_clear_input_error(crm):
    accounts, opportunities = crm
    deals = closed_deal_features(accounts, opportunities).head(15)
    with pytest.raises(InputError, match="won and"):
        FitModel().fit(deals, np.r_[np.ones(3), np.zeros(12)])
    with pytest.raises(InputError, match="won deals with an amount"):
        PotentialModel().fit(deals.head(5), deals[Opportunity.AMOUNT].head(5))


def test_unknown_accounts_only_is_an_input_error(crm):
    accounts, opportunities = crm
    orphans = opportunities.assign(**{Opportunity.ACCOUNT_ID: "nobody"})
    with pytest.raises(InputError, match=r"none of the [\d,]+ closed deals belongs to an account"):
        ScoreModel().fit(accounts, orphans)


def test_no_closed_deals_says_what_to_add(crm):
    """An accounts file alone (or open pipeline only) asks for closed deals, not for ids to be checked."""
    accounts, opportunities = crm
    with pytest.raises(InputError, match="no won or lost deals") as error:
        ScoreModel().fit(accounts, opportunities.iloc[:0])
    assert "opportunities file with closed deals" in str(error.value)
    assert "on the Data page" in str(error.value) and "--opportunities" not in str(error.value)
    assert "with --opportunities" in error.value.cli_text(), "the command line names its option"


def test_lookalike_blends_only_where_given():
    blended = blend_lookalike(np.array([0.2, 0.8]), pd.Series([1.0, np.nan]), 0.5)
    assert list(blended) == [0.6, 0.8]
    assert list(blend_lookalike(np.array([0.2]), None, 0.5)) == [0.2]


def test_scoring_is_reproducible(crm):
    accounts, opportunities = crm
    one = ScoreModel(random_state=4).fit(accounts, opportunities).components(accounts).frame
    two = ScoreModel(random_state=4).fit(accounts, opportunities).components(accounts).frame
    pd.testing.assert_frame_equal(one, two)
