"""The evidence bar: small samples, tiny gaps and multiple comparisons never become a 'gap'."""

from __future__ import annotations

from planner.coaching.significance import MIN_DEALS, compare_rate, verdict


def test_five_deals_are_never_enough_even_at_100_percent():
    evidence = compare_rate(5, 5, 0.25)
    assert evidence.rate == 1.0 and evidence.p_value < 0.01
    assert not evidence.significant
    assert "too few deals (5" in verdict(evidence)


def test_a_large_clear_excess_is_significant():
    evidence = compare_rate(60, 100, 0.25)
    assert evidence.significant
    assert round(evidence.excess_deals) == 35
    assert verdict(evidence).startswith("a clear gap of 35 points")


def test_a_tiny_but_certain_gap_is_not_worth_coaching():
    evidence = compare_rate(3_200, 10_000, 0.30)  # 2 points on 10,000 deals
    assert evidence.p_value < 0.001
    assert not evidence.significant
    assert "below the 10 points" in verdict(evidence)


def test_bonferroni_over_the_team_makes_each_test_stricter():
    k, n, rate = 9, 20, 0.2  # p about 0.01
    single = compare_rate(k, n, rate, comparisons=1, higher=True)
    assert 0.001 < single.p_value < 0.01 and single.significant
    team_view = compare_rate(k, n, rate, comparisons=24 * 4)  # 24 reps x 4 stages
    assert not team_view.significant
    assert "on 20 deals, within what chance gives once 96 rep-by-stage comparisons" in verdict(team_view)


def test_lower_rates_are_tested_in_the_other_direction():
    below = compare_rate(10, 100, 0.3, higher=False)
    assert below.significant and below.excess < 0
    assert not compare_rate(10, 100, 0.3, higher=True).significant
    assert not compare_rate(0, 0, 0.3).significant
    assert MIN_DEALS > 5
