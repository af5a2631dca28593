"""Territory charts: balance as deviations from the team mean; the map on longitude/latitude axes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from planner.charts.territories import rep_balance, territory_map
from planner.schema import Account, Rep, Score, Territory
from planner.territories import build_problem, plan_territories


def _plan():
    rng = np.random.default_rng(4)
    n = 60
    accounts = pd.DataFrame(
        {
            Account.ID: [f"A{i}" for i in range(n)],
            Account.NAME: [f"Account {i}" for i in range(n)],
            Account.LAT: rng.uniform(30, 45, n),
            Account.LON: rng.uniform(-120, -75, n),
            Account.OWNER: ["Ann"] * 40 + ["Bob"] * 20,
            Score.POTENTIAL: rng.lognormal(10, 0.3, n),
            Score.TIER: "B",
        }
    )
    reps = pd.DataFrame({Rep.NAME: ["Ann", "Bob"], Rep.REGION: "West"})
    return plan_territories(build_problem(accounts, reps), tolerance=0.1, method="exact", time_limit=20)


def test_map_places_accounts_by_longitude_and_latitude_without_a_basemap() -> None:
    plan = _plan()
    figure = territory_map(plan)
    assert figure is not None
    assert {trace.type for trace in figure.data} == {"scattergl"}, (
        "no geo trace: it needs map shapes from a CDN"
    )
    assert sorted(trace.name for trace in figure.data) == ["Ann", "Bob"]
    placed = sum(len(trace.x) for trace in figure.data)
    assert placed == len(plan.assignments)
    ann = next(trace for trace in figure.data if trace.name == "Ann")
    rows = plan.assignments[plan.assignments[Territory.NEW_OWNER] == "Ann"]
    assert np.allclose(sorted(ann.x), sorted(rows[Account.LON])) and np.allclose(
        sorted(ann.y), sorted(rows[Account.LAT])
    )
    moved = (rows[Territory.MOVED] == "yes").to_numpy()
    assert list(ann.marker.symbol) == list(np.where(moved, "diamond", "circle"))
    assert figure.layout.yaxis.scaleanchor == "x" and figure.layout.yaxis.scaleratio > 1  # latitude ~ 37°


def test_a_team_of_24_reps_gets_24_different_looks_on_the_map() -> None:
    """Eight colour-blind-safe colours repeat: the second round is outlined, the third hollow."""
    plan = _plan()
    reps = [f"Rep {i:02d}" for i in range(24)]
    spread = plan.assignments.assign(
        **{Territory.NEW_OWNER: [reps[i % 24] for i in range(len(plan.assignments))]}
    )
    figure = territory_map(type(plan)(**{**plan.__dict__, "assignments": spread}))
    looks = {
        (trace.marker.color, trace.marker.line.width, str(trace.marker.symbol[0]).endswith("-open"))
        for trace in figure.data
    }
    assert len(figure.data) == 24 and len(looks) == 24


def test_no_locations_no_map() -> None:
    plan = _plan()
    blank = plan.assignments.assign(**{Account.LAT: np.nan, Account.LON: np.nan})
    assert territory_map(type(plan)(**{**plan.__dict__, "assignments": blank})) is None


def test_balance_bars_are_deviations_from_the_team_mean_on_an_axis_through_zero() -> None:
    plan = _plan()
    figure = rep_balance(plan)
    bars = {trace.name: trace for trace in figure.data if trace.type == "bar"}
    assert set(bars) == {"Potential", "Workload"}
    assert np.allclose(bars["Potential"].y, plan.reps[Territory.POTENTIAL_INDEX] - 1)
    assert np.allclose(bars["Workload"].y, plan.reps[Territory.WORKLOAD_INDEX] - 1)
    low, high = figure.layout.yaxis.range
    assert low < -plan.tolerance and high > plan.tolerance and low == -high, "symmetric around the mean"
    assert figure.layout.yaxis.tickformat == "+.0%"
    assert figure.layout.xaxis.type == "category", "reps on a numeric axis draw no bars at all"


def test_the_tolerance_band_is_drawn_under_the_bars_and_named_in_the_legend() -> None:
    figure = rep_balance(_plan())
    (band,) = [shape for shape in figure.layout.shapes if shape.type == "rect"]
    assert (band.y0, band.y1) == (-0.1, 0.1) and band.layer == "below"
    assert not figure.layout.annotations, "a label inside the plot sits behind the bars"
    legend = [trace.name for trace in figure.data if trace.showlegend is not False]
    assert "±10% tolerance band" in legend
