"""The rule: a stage pattern -> coaching, a skill gap across deals -> training, one behaviour -> feedback."""

from __future__ import annotations

import re

from planner.coaching import COACHING, FEEDBACK, TRAINING, coaching_inputs
from planner.coaching.fit_gap import fit_gap
from planner.coaching.performance import performance
from planner.coaching.recommendations import recommend
from planner.coaching.stalls import stall_analysis
from tests.coaching.conftest import synthetic_team


def _recommendations(rep: str, **planted):
    accounts, opportunities, reps = synthetic_team(deals_per_rep=220, **planted)
    inputs = coaching_inputs(accounts, opportunities, reps)
    figures = performance(inputs.deals, rep, inputs.quotas)
    return recommend(figures, stall_analysis(inputs.deals, rep), None)


def test_a_stage_pattern_calls_for_coaching():
    [top, *_] = _recommendations("Cy Diaz", staller="Cy Diaz", stall_stage="Qualification")
    assert top.intervention == COACHING
    assert top.gap == "Deals lost at Qualification"
    assert "Qualification" in top.evidence and "%" in top.evidence


def test_a_low_win_rate_across_stages_calls_for_training():
    found = _recommendations("Di Evans", weak="Di Evans")
    assert [r.intervention for r in found][:1] == [TRAINING]
    assert "closed deals" in found[0].evidence and found[0].deals > 10
    # Rates and the gap with one decimal, as the tiles and the team table show them.
    assert re.search(r"\(\d+\.\d%\) vs \d+\.\d% for the rest of the team", found[0].evidence)
    assert re.search(r"a real gap of \d+\.\d points", found[0].evidence)


def test_too_little_pipeline_calls_for_feedback():
    found = _recommendations("Ed Fox", thin="Ed Fox")
    feedback = [r for r in found if r.intervention == FEEDBACK]
    assert feedback and "open pipeline" in feedback[0].evidence and "x" in feedback[0].evidence


def test_an_average_rep_gets_no_recommendation():
    assert _recommendations("Bo Chan", staller="Cy Diaz") == []


def test_recommendations_are_sorted_by_gap_size(demo_inputs):
    for rep in demo_inputs.names:
        figures = performance(demo_inputs.deals, rep, demo_inputs.quotas)
        stalls = stall_analysis(demo_inputs.deals, rep)
        found = recommend(figures, stalls, fit_gap(demo_inputs.deals, rep, demo_inputs.profile))
        assert [r.deals for r in found] == sorted((r.deals for r in found), reverse=True)
        assert all(r.intervention in (TRAINING, COACHING, FEEDBACK) for r in found)
