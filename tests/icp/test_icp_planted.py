"""Generated deals with a planted winning segment: the best profile must be that segment."""

from __future__ import annotations

import pytest

from planner.icp import profile_deals
from planner.icp.synthetic import PlantedSegment, planted_deals
from planner.schema import Account
from planner.serialize import dumps


def _defining(result, attribute: str) -> tuple[str, ...]:
    return next((d.values for d in result.best.defining if d.attribute == attribute), ())


def test_best_profile_is_the_planted_segment(planted_result) -> None:
    assert _defining(planted_result, Account.INDUSTRY) == ("Healthcare",)
    assert _defining(planted_result, Account.REGION) == ("Northeast",)
    assert _defining(planted_result, Account.SIZE_BAND) == ("1,000-4,999",)


def test_best_profile_figures_match_what_was_planted(planted_result) -> None:
    best, overall = planted_result.best, planted_result.overall
    # Planted: ~50% win rate (deals of the segment) against ~20% elsewhere.
    assert 0.40 <= best.win_rate <= 0.60
    assert best.win_rate_low > overall.win_rate
    assert best.beats_overall and best.lift > 1.5
    assert best.average_won_deal > 1.2 * overall.average_won_deal
    assert best.median_cycle_days < overall.median_cycle_days
    assert best.card.startswith("Healthcare, 1,000-4,999 employees, Northeast")
    assert f"vs {overall.win_rate:.0%} overall" in best.card


@pytest.mark.parametrize(
    "segment",
    [
        PlantedSegment(industry="Retail", region="West", size_band="50-199"),
        PlantedSegment(industry="Finance", region="Midwest", size_band="5,000+", win_rate=0.45),
    ],
    ids=["retail-west-small", "finance-midwest-large"],
)
def test_other_planted_segments_are_recovered_too(segment: PlantedSegment) -> None:
    result = profile_deals(planted_deals(4_000, segment=segment, seed=5), stability_resamples=2)
    assert _defining(result, Account.INDUSTRY) == (segment.industry,)
    assert _defining(result, Account.REGION) == (segment.region,)
    assert _defining(result, Account.SIZE_BAND) == (segment.size_band,)


def test_same_seed_same_result_and_another_seed_same_answer(planted_frame, planted_result) -> None:
    again = profile_deals(planted_frame, seed=0)
    assert dumps(again) == dumps(planted_result)
    other = profile_deals(planted_frame, seed=3, stability_resamples=2)
    assert other.best.signature() == planted_result.best.signature()


def test_rules_agree_with_the_best_profile(planted_result) -> None:
    rules = planted_result.rules
    assert rules is not None and rules.agrees_with_best
    top = rules.rules[0]
    assert "Industry is Healthcare" in top.conditions
    assert top.share_in_best_cluster > 0.8
    assert rules.importance[Account.INDUSTRY] > 0.2


def test_stability_reports_the_planted_profile_as_recurring(planted_result) -> None:
    stability = planted_result.stability
    assert stability.resamples == 10
    assert stability.best_profile_recurrence >= 0.8
    assert 0.3 < stability.mean_ari <= 1.0
    assert stability.min_ari <= stability.mean_ari


def test_lookalike_ranks_segment_accounts_above_others(planted_frame, planted_result) -> None:
    accounts = planted_frame[[Account.INDUSTRY, Account.REGION, Account.SIZE_BAND, Account.EMPLOYEES]]
    scores = planted_result.lookalike(accounts)
    assert scores.index.equals(accounts.index)
    assert scores.between(0, 1).all()
    in_segment = (
        (accounts[Account.INDUSTRY] == "Healthcare")
        & (accounts[Account.REGION] == "Northeast")
        & (accounts[Account.SIZE_BAND] == "1,000-4,999")
    )
    assert scores[in_segment].min() > scores[~in_segment].quantile(0.95)
