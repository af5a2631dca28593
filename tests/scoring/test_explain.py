import numpy as np
import pandas as pd
import pytest

from planner.schema import LOST, WON, Account, Opportunity, Score
from planner.scoring.explain import explain, split_reasons
from planner.scoring.model import ScoreModel
from planner.scoring.priority import Weights


@pytest.fixture(scope="module")
def fitted(crm):
    accounts, opportunities = crm
    model = ScoreModel().fit(accounts, opportunities)
    return accounts, opportunities, model, model.components(accounts)


def test_every_account_gets_a_strongest_and_weakest_reason(fitted):
    accounts, _, model, components = fitted
    reasons = explain(components, model, Weights())
    assert len(reasons) == len(accounts) and reasons.notna().all()
    assert reasons.str.startswith("Strongest: ").all() and reasons.str.contains("; weakest: ").all()


def test_planted_industry_is_quoted_with_its_real_win_rate(fitted):
    accounts, opportunities, model, components = fitted
    reasons = explain(components, model, Weights(potential=0, fit=1, market=0))
    closed = opportunities[opportunities[Opportunity.OUTCOME].isin([WON, LOST])]
    industry = closed[Opportunity.ACCOUNT_ID].map(accounts.set_index(Account.ID)[Account.INDUSTRY])
    healthcare = closed[industry == "Healthcare"]
    rate = (healthcare[Opportunity.OUTCOME] == WON).mean()
    overall = (closed[Opportunity.OUTCOME] == WON).mean()
    wins = f"wins {rate:.0%} of {len(healthcare):,} deals vs {overall:.0%} overall"
    expected = f"Strongest: fit — Healthcare {wins}"
    is_healthcare = (accounts[Account.INDUSTRY] == "Healthcare").to_numpy()
    assert reasons[is_healthcare].str.startswith(expected).all()


def test_reasons_follow_the_weights(fitted):
    _, _, model, components = fitted
    fit_only = explain(components, model, Weights(potential=0, fit=1, market=0))
    assert not fit_only.str.contains("deals here average|whitespace|segment ").any()
    potential_only = explain(components, model, Weights(potential=1, fit=0, market=0))
    assert not potential_only.str.contains(" wins ").any()
    assert potential_only.str.contains("employees: deals here average").any()


def test_employee_reason_quotes_the_accounts_own_count(fitted):
    accounts, _, model, components = fitted
    reasons = explain(components, model, Weights(potential=1, fit=0, market=0))
    quoting = reasons.str.contains("employees: deals here average").to_numpy()
    row = int(np.flatnonzero(quoting)[0])
    count = f"{accounts[Account.EMPLOYEES].iloc[row]:,.0f} employees: deals here average $"
    assert count in reasons.iloc[row]


def test_a_customer_spending_its_potential_is_told_so(fitted):
    accounts, _, model, _ = fitted
    spent = accounts.assign(**{Account.SPEND: 1e9})
    components = model.components(spent)
    reasons = explain(components, model, Weights(potential=1, fit=0, market=0))
    assert reasons.str.endswith("weakest: potential — already spends 100% of its potential").all()


def test_reasons_cover_lookalike_when_given(fitted):
    accounts, _, model, _ = fitted
    similarity = pd.Series(np.linspace(0, 1, len(accounts)), index=accounts.index)
    components = model.components(accounts, lookalike=similarity)
    assert Score.LOOKALIKE in components.frame.columns
    reasons = explain(components, model, Weights(potential=0, fit=1, market=0))
    assert reasons.iloc[-1].startswith("Strongest: fit — 100% similar to the best-fit profile")


def test_each_driver_names_its_component_and_a_band_reads_as_accounts(fitted):
    """A large account can have big deals (potential) and a lower win rate (fit): named, the two
    halves no longer read as a contradiction about the same thing."""
    _, _, model, components = fitted
    reasons = explain(components, model, Weights())
    halves = split_reasons(reasons)
    named = halves.stack().str.match(r"(potential|fit|market) — |nothing (above|below) average$")
    assert named.all(), halves.stack()[~named].head()
    assert not reasons.str.contains(r"employees wins|revenue wins").any()
    assert reasons.str.contains("accounts with .* employees win ", regex=True).any()


def test_split_reasons_gives_the_two_halves_back(fitted):
    _, _, model, components = fitted
    reasons = explain(components, model, Weights()).head(50)
    halves = split_reasons(reasons)
    assert list(halves.columns) == [Score.STRONGEST, Score.WEAKEST]
    rebuilt = "Strongest: " + halves[Score.STRONGEST] + "; weakest: " + halves[Score.WEAKEST]
    assert rebuilt.tolist() == reasons.tolist()
