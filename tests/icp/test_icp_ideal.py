"""The whole step on awkward inputs, and the result's one JSON form."""

from __future__ import annotations

import json

import pytest

from planner.errors import InputError
from planner.icp import profile_deals
from planner.icp.features import IS_WON
from planner.icp.synthetic import planted_deals
from planner.schema import Account, Opportunity
from planner.serialize import dumps


def test_won_only_data_gives_a_clear_statement_not_a_crash() -> None:
    deals = planted_deals(1_500, seed=2).assign(**{IS_WON: True})
    result = profile_deals(deals, stability_resamples=2)
    assert not result.win_rate_available
    assert result.rules is None
    assert result.best.win_rate is None and result.overall.win_rate is None
    assert any("win rate cannot be estimated" in note for note in result.notes)
    assert "won deals only" in result.pmf_definition
    assert "silhouette" in result.k_criterion
    assert "won deals" in result.best.card


def test_no_won_deals_is_an_input_error_that_says_what_to_check() -> None:
    deals = planted_deals(500, seed=2).assign(**{IS_WON: False})
    with pytest.raises(InputError, match="none of the 500 closed deals was won") as error:
        profile_deals(deals)
    assert "stage mapping" in str(error.value)


def test_too_few_closed_deals_is_an_input_error() -> None:
    with pytest.raises(InputError, match="at least 30"):
        profile_deals(planted_deals(20, seed=2))


def test_attributes_that_cannot_help_are_named_with_the_reason() -> None:
    deals = planted_deals(1_500, seed=2)
    deals[Opportunity.PRODUCT] = "Only product"
    result = profile_deals(deals, stability_resamples=2)
    assert result.attributes_dropped["Product"] == "left out: it has a single value"
    assert "Employees" in result.attributes_dropped  # size band stands for it
    assert Opportunity.PRODUCT not in result.attributes_used


def test_user_k_override(planted_frame) -> None:
    result = profile_deals(planted_frame, k=4, stability_resamples=2)
    assert result.k == 4 and len(result.clusters) == 4
    assert result.k_criterion == "k = 4 set by the user"
    assert sum(p.deals for p in result.clusters) == len(planted_frame)


def test_json_form_carries_clusters_best_profile_rules_and_stability(planted_result) -> None:
    data = json.loads(dumps(planted_result))
    assert len(data["clusters"]) == planted_result.k
    best = data["best"]
    assert {"card", "win_rate", "win_rate_low", "win_rate_high", "lift", "average_won_deal"} <= set(best)
    assert best["median_cycle_days"] > 0 and best["defining"][0]["attribute"] == Account.INDUSTRY
    assert data["rules"]["rules"][0]["text"].startswith("IF ")
    assert 0 <= data["stability"]["mean_ari"] <= 1
    assert data["lookalike_model"]["signatures"]
    assert data["pmf_definition"].startswith("PMF score")
