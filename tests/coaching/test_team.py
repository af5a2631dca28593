"""The team view: reps side by side, the biggest gaps first, with the coaching type each needs."""

from __future__ import annotations

from planner.coaching import COACHING
from planner.coaching.team import TEAM_COLUMNS
from planner.demo import STALLERS


def test_demo_team_view_puts_the_stallers_first(demo_inputs):
    team = demo_inputs.team()
    frame = team.reps
    assert list(frame.columns) == list(TEAM_COLUMNS)
    assert len(frame) == len(demo_inputs.names) == 24
    top = frame.head(len(STALLERS))
    assert set(top["rep"]) == set(STALLERS)
    assert (top["intervention"] == COACHING).all()
    assert dict(zip(top["rep"], top["stall_stage"], strict=True)) == STALLERS
    assert frame["gap_deals"].is_monotonic_decreasing
    assert team.needs()[COACHING] >= len(STALLERS)
    assert frame["manager"].ne("").all()
    assert frame["attainment"].between(0.2, 3).all()
