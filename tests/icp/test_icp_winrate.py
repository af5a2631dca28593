"""Wilson intervals and empirical-Bayes shrinkage."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.icp.winrate import prior_strength, shrunk_rates, shrunk_ratio, wilson_interval


def test_wilson_matches_the_textbook_value() -> None:
    # 9 of 10: Wilson 95% interval is about 59.6% - 98.2%.
    low, high = wilson_interval(np.array([9]), np.array([10]))
    assert low[0] == pytest.approx(0.5958, abs=1e-3)
    assert high[0] == pytest.approx(0.9821, abs=1e-3)


def test_wilson_stays_inside_0_1_and_narrows_with_more_deals() -> None:
    low, high = wilson_interval(np.array([0, 10, 100, 1000]), np.array([10, 10, 200, 2000]))
    assert low[0] == 0 and high[1] == pytest.approx(1)
    assert ((low >= 0) & (low <= high) & (high <= 1)).all()
    assert (high[3] - low[3]) < (high[2] - low[2])


def test_small_lucky_cluster_is_shrunk_more_than_a_large_one() -> None:
    wins = np.array([9, 450, 300, 300])
    deals = np.array([10, 1000, 1500, 1500])
    shrunk = shrunk_rates(wins, deals)
    # Raw: 90% vs 45%. After shrinkage the large cluster keeps most of its edge, the small one loses most.
    assert shrunk[1] == pytest.approx(0.45, abs=0.02)
    assert shrunk[0] < 0.6
    assert abs(shrunk[0] - 0.9) > abs(shrunk[1] - 0.45)


def test_no_real_difference_means_strong_prior() -> None:
    wins = np.array([200, 201, 199])
    deals = np.array([1000, 1000, 1000])
    assert prior_strength(wins, deals) == 1e6
    assert np.allclose(shrunk_rates(wins, deals), 0.2, atol=1e-3)


def test_shrunk_ratio_is_one_when_unknown_and_moves_with_evidence() -> None:
    ratios = shrunk_ratio(np.array([200.0, 200.0, np.nan]), np.array([5, 500, 0]), 100.0)
    assert ratios[2] == 1.0
    assert 1.0 < ratios[0] < ratios[1] < 2.0
    assert np.allclose(shrunk_ratio(np.array([3.0]), np.array([10]), float("nan")), 1.0)


@given(st.integers(1, 5_000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_interval_always_brackets_the_observed_rate(case: tuple[int, int]) -> None:
    wins, n = case
    low, high = wilson_interval(np.array([wins]), np.array([n]))
    rate = wins / n
    assert 0 <= low[0] <= rate + 1e-12 and rate - 1e-12 <= high[0] <= 1
