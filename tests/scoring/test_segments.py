"""Segment ranking a VP can act on: small segments do not lead, the planted demo segment does."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from planner.schema import Account, Score, SegmentStats
from planner.scoring.segments import TOP_ACCOUNTS, rollup, top_mean

PLANTED = "Healthcare | Northeast | 1,000-4,999"


def test_top_mean_averages_the_best_places_and_pads_short_groups_with_zero() -> None:
    codes = np.array([1, 0, 0, 1, 0, 2])
    values = np.array([50.0, 10.0, 90.0, 70.0, 80.0, 99.0])
    assert top_mean(codes, values, 4, 2).tolist() == [85.0, 60.0, 49.5, 0.0]


def _ranked(sizes: dict[str, list[float]]) -> pd.DataFrame:
    segments = [name for name, values in sizes.items() for _ in values]
    return pd.DataFrame(
        {
            Account.SEGMENT: pd.array(segments, dtype="string"),
            Score.PRIORITY: [v for values in sizes.values() for v in values],
            Score.CUSTOMER: 0.0,
            Score.WHITESPACE: 1.0,
            Score.FIT: 0.5,
        }
    )


def test_a_few_strong_accounts_do_not_outrank_a_full_list_of_strong_ones() -> None:
    ranked = _ranked({"tiny": [99.0, 98.0], "large": [90.0] * TOP_ACCOUNTS + [40.0] * 30})
    market = ranked.groupby(Account.SEGMENT).size().rename(SegmentStats.ACCOUNTS).reset_index()
    deal_stats = pd.DataFrame(
        {SegmentStats.CLOSED: [4.0, 40.0], SegmentStats.WON: [1.0, 20.0]},
        index=pd.Index(["tiny", "large"], name=Account.SEGMENT),
    )
    ordered = rollup(ranked, market, deal_stats).set_index(Account.SEGMENT)
    assert ordered.index.tolist() == ["large", "tiny"]
    assert ordered.loc["tiny", SegmentStats.SCORE] > ordered.loc["large", SegmentStats.SCORE], "by mean"
    assert ordered.loc["large", SegmentStats.TOP_SCORE] == pytest.approx(90.0)
    assert ordered.loc["tiny", SegmentStats.TOP_SCORE] == pytest.approx((99.0 + 98.0) / TOP_ACCOUNTS)
    assert ordered.loc["large", SegmentStats.SCORE] == pytest.approx(
        (90.0 * TOP_ACCOUNTS + 40.0 * 30) / (TOP_ACCOUNTS + 30)
    )


def test_the_demo_planted_segment_leads_and_tiny_segments_do_not(demo_workspace) -> None:
    segments = demo_workspace.score(lookalike=False, backtest=False).segments
    assert segments[SegmentStats.TOP_SCORE].is_monotonic_decreasing
    names = segments[Account.SEGMENT].tolist()
    assert names.index(PLANTED) < 3, names[:5]
    assert (segments.head(10)[SegmentStats.ACCOUNTS] >= TOP_ACCOUNTS).all()
