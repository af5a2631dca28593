"""ROAM figures on a hand-built team whose every number can be checked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from planner.coaching import prepare_deals
from planner.coaching.performance import performance
from planner.schema import ACCOUNTS, LOST, OPEN, OPPORTUNITIES, WON, Account, Opportunity
from tests.coaching.conftest import _canonical

AS_OF = pd.Timestamp("2026-06-30")


def _deal(owner, outcome, amount, closed_days_ago=30, product="Pro", stage=None, lost_at=None):
    created = AS_OF - pd.Timedelta(days=closed_days_ago + 40)
    return {
        Opportunity.ID: f"{owner}-{outcome}-{amount}-{closed_days_ago}",
        Opportunity.ACCOUNT_ID: "A1" if owner == "Ann" else "B1",
        Opportunity.OWNER: owner,
        Opportunity.PRODUCT: product,
        Opportunity.STAGE: stage or {WON: "Closed Won", LOST: "Closed Lost"}.get(outcome, "Proposal"),
        Opportunity.OUTCOME: outcome,
        Opportunity.AMOUNT: amount,
        Opportunity.CREATED: created if outcome != OPEN else AS_OF - pd.Timedelta(days=closed_days_ago),
        Opportunity.CLOSED: AS_OF - pd.Timedelta(days=closed_days_ago) if outcome != OPEN else pd.NaT,
        Opportunity.LOST_AT_STAGE: lost_at,
        Opportunity.CYCLE_DAYS: 40.0 if outcome != OPEN else float("nan"),
    }


@pytest.fixture
def deals():
    rows = [
        _deal("Ann", WON, 1000.0),
        _deal("Ann", WON, 3000.0),
        _deal("Ann", WON, 9000.0, closed_days_ago=400),  # before the 12-month window
        _deal("Ann", LOST, 0.0, lost_at="Proposal"),
        _deal("Ann", LOST, 0.0, lost_at="Proposal"),
        _deal("Ann", OPEN, 5000.0, closed_days_ago=10, stage="Negotiation"),
        _deal("Ann", OPEN, float("nan"), closed_days_ago=10, stage="Proposal"),  # no amount: estimated
        _deal("Bo", WON, 2000.0),
        _deal("Bo", LOST, 0.0, lost_at="Qualification"),
        _deal("Bo", LOST, 0.0, lost_at="Qualification"),
        _deal("Bo", LOST, 0.0, lost_at="Proposal"),
        _deal("Bo", OPEN, 1000.0, closed_days_ago=10, stage="Proposal"),
    ]
    opportunities = _canonical(
        pd.DataFrame(rows), [*OPPORTUNITIES.names, Opportunity.OUTCOME, Opportunity.CYCLE_DAYS]
    )
    accounts = _canonical(
        pd.DataFrame(
            {Account.ID: ["A1", "B1"], Account.NAME: ["Acme", "Beta"], Account.INDUSTRY: ["Retail", "Energy"]}
        ),
        ACCOUNTS.names,
    )
    return prepare_deals(opportunities, accounts)


def test_results_vs_objectives(deals):
    p = performance(deals, "ann", {"ann": 40_000.0, "bo": 20_000.0})
    assert deals.as_of == AS_OF - pd.Timedelta(days=10)  # latest created / close date of a closed deal
    assert p.won_amount == 4000.0 and p.won_deals == 2 and p.lost_deals == 2
    assert p.attainment == pytest.approx(0.1)
    assert p.team_median_attainment == pytest.approx(0.1)  # Bo: 2,000 of 20,000
    assert p.win_rate == 0.5 and p.team_win_rate == 0.25
    assert p.avg_won_deal == 2000.0 and p.team_avg_won_deal == 2000.0


def test_pipeline_coverage_with_an_estimated_open_deal(deals):
    p = performance(deals, "Ann", {"ann": 40_000.0})
    # The Pro deal without amount is valued at the median won Pro deal (1k, 2k, 3k, 9k -> 2,500).
    assert p.estimated_open_deals == 1
    assert p.open_pipeline == pytest.approx(5000.0 + 2500.0)
    assert p.next_quarter_quota == 10_000.0
    assert p.coverage == pytest.approx(0.75)
    assert p.team_median_coverage is None  # Bo has no quota here


def test_activities_by_stage_and_segment(deals):
    p = performance(deals, "Ann", {})
    assert p.attainment is None and p.coverage is None
    stages = p.by_stage.set_index("stage")
    assert stages.loc["Negotiation", "deals"] == 1 and stages.loc["Proposal", "deals"] == 1
    assert stages.loc["Proposal", "team_share"] == 1.0  # Bo's only open deal is at Proposal
    segments = p.by_segment.set_index("segment")
    assert segments.loc["Retail", "open"] == 2 and segments.loc["Retail", "share"] == 1.0
    assert segments.loc["Retail", "win_rate"] == 0.5  # 2 won of 4 closed in the window
    assert "Energy" not in segments.index  # only segments the rep works are listed
