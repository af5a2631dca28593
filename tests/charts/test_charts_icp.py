"""Ideal-profile charts built from a result, without Streamlit."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from planner.charts.icp import (
    LABEL_POSITIONS,
    _label_box,
    _overlaps,
    k_choice,
    label_positions,
    profile_bubbles,
    rule_importance,
)
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


def test_bubbles_are_labelled_from_1_as_people_count(result) -> None:
    trace = profile_bubbles(result).data[0]
    assert sorted(trace.text) == sorted(f"#{n}" for n in range(1, result.k + 1))
    assert "#0" not in trace.text


def _boxes(x, y, diameters, texts, positions):
    px = (np.asarray(x) - min(x)) / (max(x) - min(x)) * 900
    py = (np.asarray(y) - min(y)) / (max(y) - min(y)) * 280
    return [_label_box(px[i], py[i], diameters[i] / 2, texts[i], positions[i]) for i in range(len(texts))]


def test_labels_of_neighbouring_bubbles_go_to_different_sides() -> None:
    # Two clusters of the same size a hair apart (the demo's #2 and #3), and two far away.
    x, y = [4.3, 4.32, 3.0, 5.0], [0.25, 0.255, 0.45, 0.15]
    diameters, texts = [30.0, 30.0, 20.0, 20.0], ["#2", "#3", "#1", "#4"]
    positions = label_positions(x, y, diameters, texts)
    assert set(positions) <= set(LABEL_POSITIONS)
    assert positions[0] != positions[1]
    boxes = _boxes(x, y, diameters, texts, positions)
    assert not any(_overlaps(a, b) for a, b in itertools.combinations(boxes, 2)), positions
    assert positions[2:] == ["top center", "top center"], "lone bubbles keep the usual place"


def test_a_label_steps_off_its_own_error_bar() -> None:
    x, y, diameters, texts = [3.0, 5.0], [0.3, 0.3], [20.0, 20.0], ["#1", "#2"]
    whiskers = [(0.1, 0.5), (0.29, 0.31)]
    positions = label_positions(x, y, diameters, texts, y_extent=(0.1, 0.5), whiskers=whiskers)
    assert positions[0].startswith("middle"), "a long interval would strike through a label above"
    assert positions[1] == "top center"


def test_every_deal_size_tick_reads_as_money(result) -> None:
    axis = profile_bubbles(result).layout.xaxis
    assert axis.type == "log" and len(axis.ticktext) >= 2
    assert all(text.startswith("$") for text in axis.ticktext), axis.ticktext
    sizes = [p.average_won_deal for p in result.clusters if p.average_won_deal]
    assert min(axis.tickvals) <= min(sizes) * 1.5 and max(axis.tickvals) >= max(sizes) / 1.5
