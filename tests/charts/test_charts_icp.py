"""Ideal-profile charts built from a result, without Streamlit."""

from __future__ import annotations

import pytest

from planner.charts.icp import k_choice, profile_bubbles, rule_importance
from planner.icp import profile_deals
from planner.icp.features import IS_WON
from planner.icp.synthetic import planted_deals


@pytest.fixture(scope="module")
def result():
    return profile_deals(planted_deals(3_000, seed=4), stability_resamples=2)


def test_bubbles_place_each_cluster_with_its_interval_and_mark_the_best(result) -> None:
    figure = profile_bubbles(result)
    trace = figure.data[0]
    assert len(trace.x) == result.k
    assert list(trace.y) == [p.win_rate for p in result.clusters]
    best = [p.cluster for p in result.clusters].index(result.best.cluster)
    assert trace.marker.color[best] != trace.marker.color[(best + 1) % result.k]
    assert trace.error_y.array[best] == pytest.approx(result.best.win_rate_high - result.best.win_rate)
    assert max(trace.marker.size) == trace.marker.size[0]  # cluster 0 is the largest


def test_bubbles_without_lost_deals_plot_share_of_wins() -> None:
    won_only = profile_deals(planted_deals(800, seed=4).assign(**{IS_WON: True}), stability_resamples=1)
    figure = profile_bubbles(won_only)
    assert sum(figure.data[0].y) == pytest.approx(1.0)
    assert figure.layout.yaxis.title.text == "Share of all wins"


def test_k_choice_and_rule_importance(result) -> None:
    k_figure = k_choice(result)
    assert list(k_figure.data[0].x) == list(result.separation)
    importance = rule_importance(result)
    assert set(importance.data[0].y) <= {
        "Industry",
        "Size band",
        "Region",
        "Product",
        "Annual revenue",
        "Employees",
    }
    assert sum(importance.data[0].x) == pytest.approx(1.0)
