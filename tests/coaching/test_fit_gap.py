"""Best-fit share of the pipeline vs the team: from a plain mask, and from the ideal profile on the demo."""

from __future__ import annotations

import pandas as pd
import pytest

from planner.coaching import BestProfile, prepare_deals, profile_deal_mask
from planner.coaching.fit_gap import fit_gap
from planner.schema import OPEN, WON, Account, Opportunity
from tests.coaching.conftest import synthetic_team


def test_shares_and_win_rates_from_a_mask():
    accounts, opportunities, _ = synthetic_team()
    industry = opportunities[Opportunity.ACCOUNT_ID].map(accounts.set_index(Account.ID)[Account.INDUSTRY])
    mask = industry == "Healthcare"
    deals = prepare_deals(opportunities, accounts)
    gap = fit_gap(deals, "Ann Lee", BestProfile("Healthcare", mask))
    assert gap is not None
    is_open = opportunities[Opportunity.OUTCOME] == OPEN
    ann = opportunities[Opportunity.OWNER] == "Ann Lee"
    assert gap.rep_open == int((is_open & ann).sum())
    assert gap.rep_share == pytest.approx(mask[is_open & ann].mean())
    assert gap.team_share == pytest.approx(mask[is_open & ~ann].mean())
    closed = opportunities[Opportunity.OUTCOME] != OPEN
    won = opportunities[Opportunity.OUTCOME] == WON
    assert gap.profile_win_rate == pytest.approx(won[closed & mask].mean())
    assert gap.overall_win_rate == pytest.approx(won[closed].mean())


def test_a_rep_far_below_the_team_share_is_a_significant_gap():
    accounts, opportunities, _ = synthetic_team(deals_per_rep=300)
    industry = opportunities[Opportunity.ACCOUNT_ID].map(accounts.set_index(Account.ID)[Account.INDUSTRY])
    mask = (industry == "Healthcare") & (opportunities[Opportunity.OWNER] != "Bo Chan")
    gap = fit_gap(
        prepare_deals(opportunities, accounts), "Bo Chan", BestProfile("Healthcare", mask, 0.5, 0.3)
    )
    assert gap is not None and gap.rep_share == 0.0 and gap.team_share > 0.15
    assert gap.evidence.significant
    assert gap.missing_deals == pytest.approx(gap.rep_open * gap.team_share)


def test_profile_mask_matches_every_defining_value_and_range():
    accounts = pd.DataFrame(
        {
            Account.ID: ["a", "b", "c", "d"],
            Account.INDUSTRY: ["Healthcare", "Healthcare", "Retail", None],
            Account.EMPLOYEES: [600.0, 50.0, 600.0, 600.0],
        }
    )
    opportunities = pd.DataFrame(
        {Opportunity.ACCOUNT_ID: ["a", "b", "c", "d", "a"], Opportunity.PRODUCT: ["X", "X", "X", "X", "Y"]}
    )
    mask = profile_deal_mask(
        opportunities,
        accounts,
        [(Account.INDUSTRY, ["Healthcare"]), (Opportunity.PRODUCT, ["X"])],
        [(Account.EMPLOYEES, 500.0, 5000.0)],
    )
    assert mask.tolist() == [True, False, False, False, False]


def test_demo_best_profile_feeds_the_fit_gap(demo_inputs):
    profile = demo_inputs.profile
    assert profile is not None and "Healthcare" in profile.name
    assert profile.deal_mask.any() and profile.win_rate > profile.overall_win_rate
    gaps = [fit_gap(demo_inputs.deals, rep, profile) for rep in demo_inputs.names]
    shares = [g.rep_share for g in gaps if g is not None]
    assert len(shares) == len(demo_inputs.names)
    assert max(shares) > 2 * min(shares)  # territories differ in how much best-fit pipeline they hold


def test_the_rep_is_compared_with_their_own_managers_team(demo_inputs, demo_workspace):
    reps = demo_workspace.reps
    rep = "Marcus Reid"
    manager = reps.loc[reps["rep_name"] == rep, "manager"].iloc[0]
    mates = sorted(reps.loc[(reps["manager"] == manager) & (reps["rep_name"] != rep), "rep_name"])
    assert demo_inputs.peers[rep] == (manager, mates)
    brief = demo_inputs.brief(rep)
    gap = brief.explore.fit_gap
    assert gap is not None and gap.team_label == f"{manager}'s team"
    opportunities = demo_workspace.opportunities
    open_mates = opportunities[(opportunities["outcome"] == OPEN) & opportunities["owner"].isin(mates)]
    expected = demo_inputs.profile.deal_mask[open_mates.index].mean()
    assert gap.team_share == pytest.approx(expected)
    assert f"for {manager}'s team" in brief.explore.fit[0]
