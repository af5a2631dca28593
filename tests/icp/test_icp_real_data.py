"""Real exports: Maven CRM (via ingest), IBM win/loss and Olist (adapters), and the demo's planted segment."""

from __future__ import annotations

import pytest
from icp_datasets import (
    IBM_ATTRIBUTES,
    LEAD_ORIGIN,
    OLIST_ATTRIBUTES,
    ibm_deals,
    olist_leads,
    olist_won_deals,
)

from planner.icp import IcpResult, profile_deals
from planner.schema import Account, Opportunity
from planner.workspace import Workspace


def _defining(result: IcpResult, attribute: str) -> tuple[str, ...]:
    return next((d.values for d in result.best.defining if d.attribute == attribute), ())


def _consistent(result: IcpResult) -> None:
    """Invariants every result keeps."""
    assert sum(p.deals for p in result.clusters) == result.overall.deals
    assert sum(p.won for p in result.clusters) == result.overall.won
    assert result.best in result.clusters
    if result.win_rate_available:
        for p in result.clusters:
            assert p.win_rate_low <= p.win_rate <= p.win_rate_high
        assert result.best.shrunk_win_rate >= result.overall.win_rate


@pytest.fixture(scope="module")
def demo() -> Workspace:
    return Workspace.demo()


def test_demo_recovers_its_planted_best_fit_segment(demo: Workspace) -> None:
    # planner/demo.py plants Healthcare or Life Sciences, 500-4,999 employees, Northeast (~50% vs ~24%).
    result = demo.ideal_profile()
    _consistent(result)
    assert set(_defining(result, Account.INDUSTRY)) <= {"Healthcare", "Life Sciences"}
    assert _defining(result, Account.INDUSTRY)
    assert _defining(result, Account.REGION) == ("Northeast",)
    employees = next(r for r in result.best.ranges if r.attribute == Account.EMPLOYEES)
    assert employees.low >= 200 and employees.high <= 5_000
    assert result.best.win_rate > 0.4 and result.best.beats_overall
    assert result.rules.agrees_with_best
    scores = result.lookalike(demo.accounts)
    planted = (
        demo.accounts[Account.INDUSTRY].isin(["Healthcare", "Life Sciences"])
        & (demo.accounts[Account.REGION] == "Northeast")
        & demo.accounts[Account.EMPLOYEES].between(500, 4_999)
    )
    assert scores[planted].mean() > scores[~planted].quantile(0.9)


def test_maven_through_ingest_sets_aside_the_close_value(maven_dir) -> None:
    workspace = Workspace.from_files(
        accounts=maven_dir / "accounts.csv", opportunities=maven_dir / "sales_pipeline.csv"
    )
    result = workspace.ideal_profile()
    _consistent(result)
    assert result.overall.deals == 6_711 and result.overall.won == 4_238
    # close_value is 0 on every lost deal: it would restate the outcome.
    assert "AUC 1.00" in result.attributes_dropped["Amount"]
    assert Opportunity.AMOUNT not in result.attributes_used
    assert result.overall.average_won_deal == pytest.approx(result.overall.revenue_won / 4_238)


def test_ibm_win_loss_on_firmographics(ibm_dir) -> None:
    deals = ibm_deals(ibm_dir)
    result = profile_deals(deals, attributes=IBM_ATTRIBUTES, stability_resamples=3)
    _consistent(result)
    assert result.overall.deals == 78_025
    assert result.overall.win_rate == pytest.approx(deals["is_won"].mean())
    assert 3 <= result.k <= 10
    assert result.best.lift > 1 and result.rules is not None


def test_olist_closed_deals_are_all_won_and_it_says_so(olist_dir) -> None:
    result = profile_deals(olist_won_deals(olist_dir), attributes=OLIST_ATTRIBUTES, stability_resamples=3)
    _consistent(result)
    assert result.overall.deals == 842 and not result.win_rate_available
    assert "win rate cannot be estimated" in result.notes[0]


def test_olist_leads_as_lost_deals_give_a_real_win_rate_on_origin(olist_dir) -> None:
    result = profile_deals(olist_leads(olist_dir), attributes=OLIST_ATTRIBUTES, stability_resamples=3)
    _consistent(result)
    assert result.overall.deals == 8_000 and result.overall.won == 842
    # Segment, lead type, business type and cycle exist only for won leads: set aside as leaks.
    for label in ("Industry", "Lead type", "Business type", "Cycle (days)"):
        assert label in result.attributes_dropped
    assert LEAD_ORIGIN in result.attributes_used
    assert _defining(result, LEAD_ORIGIN)
