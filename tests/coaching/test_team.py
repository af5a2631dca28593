"""The team view: reps side by side, the biggest gaps first, with the coaching type each needs."""

from __future__ import annotations

from planner.coaching import COACHING
from planner.coaching.team import EXPORT_DECIMALS, SCREEN_ORDER, TEAM_COLUMNS
from planner.demo import STALLERS


def test_demo_team_view_puts_the_stallers_first(demo_inputs):
    team = demo_inputs.team()
    frame = team.reps
    assert list(frame.columns) == list(TEAM_COLUMNS)
    assert set(SCREEN_ORDER) == set(TEAM_COLUMNS) - {"evidence"}  # every column shown but the sentence
    assert len(frame) == len(demo_inputs.names) == 24
    top = frame.head(len(STALLERS))
    assert set(top["rep"]) == set(STALLERS)
    assert (top["intervention"] == COACHING).all()
    assert dict(zip(top["rep"], top["stall_stage"], strict=True)) == STALLERS
    assert frame["gap_deals"].is_monotonic_decreasing
    assert team.needs()[COACHING] >= len(STALLERS)
    assert frame["manager"].ne("").all()
    assert frame["attainment"].between(0.2, 3).all()


def test_team_evidence_names_the_rep_and_exports_round(demo_inputs):
    team = demo_inputs.team()
    rows = team.reps.dropna(subset=["biggest_gap"])
    assert len(rows)
    for rep, evidence in zip(rows["rep"], rows["evidence"], strict=True):
        assert rep in evidence and "your" not in evidence.split(), evidence  # a manager's table of many reps
    exported = team.export()
    assert list(exported.columns) == list(team.reps.columns) and len(exported) == len(team.reps)
    assert str(exported["gap_deals"].dtype) == "Int64"
    for column, decimals in EXPORT_DECIMALS.items():
        values = exported[column].dropna().astype(float)
        assert (values == values.round(decimals)).all(), column
    raw = team.reps["win_rate"].iloc[0]
    assert exported["win_rate"].iloc[0] == round(raw, 3) != raw  # rounded, not just cast
