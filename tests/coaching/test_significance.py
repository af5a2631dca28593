"""The evidence bar: small samples, tiny gaps and multiple comparisons never become a 'gap'."""

from __future__ import annotations

import pytest

from planner.coaching.significance import MIN_DEALS, compare_rate, evidence_rule, odds, verdict


def test_five_deals_are_never_enough_even_at_100_percent():
    evidence = compare_rate(5, 5, 0.25)
    assert evidence.rate == 1.0 and evidence.p_value < 0.01
    assert not evidence.significant
    assert "too few deals (5" in verdict(evidence)


def test_a_large_clear_excess_is_significant():
    evidence = compare_rate(60, 100, 0.25)
    assert evidence.significant
    assert round(evidence.excess_deals) == 35
    assert verdict(evidence) == (
        "a real gap of 35 points, not chance: it rests on 100 deals and luck alone would give it "
        "less than 1 time in 1,000"
    )


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
    assert verdict(team_view) == (
        "a gap of 25 points on 20 deals, not clear enough to rule out luck "
        "(the team view makes 96 such comparisons)"
    )
    alone = verdict(compare_rate(6, 20, 0.2))
    assert alone == (
        "a gap of 10 points on 20 deals, not clear enough to rule out luck "
        "(luck alone would give it about 1 time in 5)"
    )


def test_lower_rates_are_tested_in_the_other_direction():
    below = compare_rate(10, 100, 0.3, higher=False)
    assert below.significant and below.excess < 0
    assert not compare_rate(10, 100, 0.3, higher=True).significant
    assert not compare_rate(0, 0, 0.3).significant
    assert MIN_DEALS > 5


@pytest.mark.parametrize(
    ("p_value", "words"),
    [
        (1e-9, "less than 1 time in 1,000"),
        (0.004, "less than 1 time in 100"),
        (0.03, "less than 1 time in 20"),
        (0.125, "about 1 time in 8"),
        (0.7, "as often as not"),
    ],
)
def test_chance_reads_as_times_in_n_not_a_p_value(p_value, words):
    assert odds(p_value) == words


def test_no_statistical_jargon_in_the_words_a_manager_reads():
    texts = [evidence_rule()] + [
        verdict(compare_rate(k, n, rate, comparisons=m))
        for k, n, rate, m in [(60, 100, 0.25, 1), (9, 20, 0.2, 96), (3_200, 10_000, 0.3, 1), (3, 5, 0.25, 1)]
    ]
    for text in texts:
        assert not any(word in text for word in ("p<", "p=", "binomial", "Bonferroni", "significan")), text


def test_one_point_is_singular():
    assert verdict(compare_rate(101, 1_000, 0.09, comparisons=96)).startswith(
        "a gap of 1 point on 1,000 deals,"
    )


def test_the_gap_is_the_difference_of_the_shares_as_printed():
    # 23.4% vs 23.6% reads "23% vs 24%" in whole percents: a gap of 1 point, not "0 points".
    whole = compare_rate(234, 1_000, 0.236, higher=False)
    assert verdict(whole).startswith("a gap of 1 point on 1,000 deals")
    # With one decimal (the win-rate sentence, like the tiles): 23.34% vs 23.788% is 23.3% vs 23.8%,
    # half a point, although the raw difference (0.448) would print 0.4.
    decimal = compare_rate(2_334, 10_000, 0.23788, higher=False)
    assert verdict(decimal, 1).startswith("a gap of 0.5 points on 10,000 deals")
