"""Scoring charts are built from the result without Streamlit and show what they claim."""

from __future__ import annotations

import numpy as np
import pytest

from planner.charts.scoring import calibration_chart, segment_bubbles, segment_heatmap, tier_bars
from planner.formatting import money
from planner.schema import TIERS, Account, Score, SegmentStats
from planner.scoring import score_accounts
from planner.scoring.backtest import backtest_deals
from planner.scoring.segments import matrix
from tests.scoring.crm_factory import make_accounts, make_opportunities


@pytest.fixture(scope="module")
def scored():
    accounts = make_accounts(1500, seed=21)
    opportunities = make_opportunities(accounts, 4000, seed=22)
    return score_accounts(accounts, opportunities), backtest_deals(accounts, opportunities)


def test_bubbles_leave_out_segments_without_enough_deals(scored):
    result, _ = scored
    figure = segment_bubbles(result.segments, min_deals=5)
    plotted = sum(len(trace.x) for trace in figure.data)
    assert plotted == int((result.segments[SegmentStats.CLOSED] >= 5).sum())
    assert figure.layout.xaxis.type == "log"
    assert {trace.name for trace in figure.data} <= set(result.segments[Account.INDUSTRY].astype(str))


def test_heatmap_cells_match_the_matrix(scored):
    result, _ = scored
    table = matrix(result.segments, SegmentStats.WIN_RATE, Account.INDUSTRY, Account.SIZE_BAND)
    figure = segment_heatmap(table, SegmentStats.WIN_RATE)
    assert np.allclose(np.asarray(figure.data[0].z, dtype=float), table.to_numpy(dtype=float), equal_nan=True)
    assert list(figure.data[0].x) == [str(c) for c in table.columns]
    # Win rate in a merged cell is won over closed deals, not a mean of segment rates.
    segments = result.segments
    retail = segments[segments[Account.INDUSTRY] == "Retail"]
    column = table.columns[0]
    cell = retail[retail[Account.SIZE_BAND] == column]
    expected = cell[SegmentStats.WON].sum() / cell[SegmentStats.CLOSED].sum()
    assert table.loc["Retail", column] == pytest.approx(expected)


def test_tier_bars_show_whitespace_per_account_with_the_total_on_each_bar(scored):
    result, _ = scored
    figure = tier_bars(result.accounts)
    assert list(figure.data[0].x) == list(TIERS)
    by_tier = result.accounts.groupby(result.accounts[Score.TIER].astype(str))[Score.WHITESPACE]
    assert list(figure.data[0].y) == pytest.approx(list(by_tier.mean().reindex(list(TIERS))))
    a_tier = result.accounts[result.accounts[Score.TIER] == "A"]
    total = money(a_tier[Score.WHITESPACE].sum())
    assert figure.data[0].text[0] == f"{len(a_tier):,} accounts<br>{total} in all"


def test_calibration_chart_plots_each_decile(scored):
    _, backtest = scored
    figure = calibration_chart(backtest)
    assert list(figure.data[1].x) == list(backtest.calibration["predicted_win_rate"])
    assert list(figure.data[1].y) == list(backtest.calibration["observed_win_rate"])
