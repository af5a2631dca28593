"""The territory map: drawn on longitude/latitude axes (no basemap to download), one trace per rep."""

from __future__ import annotations

import numpy as np
import pandas as pd

from planner.charts.territories import territory_map
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


def test_no_locations_no_map() -> None:
    plan = _plan()
    blank = plan.assignments.assign(**{Account.LAT: np.nan, Account.LON: np.nan})
    assert territory_map(type(plan)(**{**plan.__dict__, "assignments": blank})) is None
