"""Stall analysis: finds the stage a rep's deals die at, on the demo and on a planted team, not on noise."""

from __future__ import annotations

from planner.coaching import prepare_deals, rep_names
from planner.coaching.stalls import LOST_SIGNAL, STUCK_SIGNAL, describe, stall_analysis
from planner.coaching.wording import Voice
from planner.demo import STALLERS
from tests.coaching.conftest import synthetic_team


def test_demo_stallers_are_found_at_their_stage_and_nobody_else(demo_inputs):
    flagged = {}
    for rep in demo_inputs.names:
        analysis = stall_analysis(demo_inputs.deals, rep)
        if analysis.one_thing is not None:
            flagged[rep] = (analysis.one_thing.stage, analysis.one_thing.signal)
    assert flagged == {rep: (stage, LOST_SIGNAL) for rep, stage in STALLERS.items()}


def test_demo_staller_finding_carries_its_numbers(demo_inputs):
    rep, stage = next(iter(STALLERS.items()))
    finding = stall_analysis(demo_inputs.deals, rep).one_thing
    assert finding is not None
    e = finding.evidence
    assert e.rate > 0.6 and e.team_rate < 0.4 and e.n >= 100
    text = describe(finding)
    assert f"{e.k} of your {e.n} lost deals in the last 12 months" in text and stage in text
    assert "a real gap" in text and "less than 1 time in 1,000" in text and "p<" not in text
    named = describe(finding, Voice(rep, f"{rep}'s"))
    assert named.startswith(f"{e.k} of {rep}'s {e.n} lost deals") and "your" not in named


def test_planted_staller_in_a_small_team():
    accounts, opportunities, reps = synthetic_team(staller="Cy Diaz", stall_stage="Negotiation")
    deals = prepare_deals(opportunities, accounts)
    analysis = stall_analysis(deals, "cy diaz")
    assert analysis.one_thing is not None
    assert (analysis.one_thing.stage, analysis.one_thing.signal) == ("Negotiation", LOST_SIGNAL)
    for rep in rep_names(reps, opportunities):
        if rep != "Cy Diaz":
            assert stall_analysis(deals, rep).one_thing is None, rep


def test_a_rep_with_five_lost_deals_is_not_told_anything():
    accounts, opportunities, _ = synthetic_team(staller="Ann Lee", deals_per_rep=120)
    mine = opportunities["owner"] == "Ann Lee"
    lost = mine & (opportunities["outcome"] == "lost")
    keep = ~mine | (lost & (lost.cumsum() <= 5))  # Ann keeps only 5 lost deals, mostly at Proposal
    deals = prepare_deals(opportunities[keep], accounts)
    analysis = stall_analysis(deals, "Ann Lee")
    assert analysis.one_thing is None
    assert analysis.strongest is not None  # the pattern is still shown, just not as a verdict
    assert all(f.evidence.n <= 5 for f in analysis.lost)


def test_stuck_signal_uses_age_against_team_median_without_lost_stages(maven_workspace):
    deals = prepare_deals(maven_workspace.opportunities, maven_workspace.accounts)
    assert not deals.has_lost_stage
    analysis = stall_analysis(deals, "Darcel Schlecht")
    assert analysis.lost == ()
    assert {f.signal for f in analysis.stuck} == {STUCK_SIGNAL}
    assert "Engaging" in {f.stage for f in analysis.stuck}
    # Maven's Prospecting deals have no engage date, so they cannot be aged and are counted out loud.
    assert analysis.open_without_age > 0
    for finding in analysis.stuck:
        assert finding.team_median_age is not None and finding.team_median_age > 0
