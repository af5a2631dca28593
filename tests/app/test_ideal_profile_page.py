"""The Ideal profile page on the demo: cards, chart, rules, stability, lookalikes; k override; bad data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from planner.schema import Account, Opportunity
from planner.workspace import Workspace
from ui import state

PAGE = str(Path(__file__).resolve().parents[2] / "app_pages" / "ideal_profile.py")


def _run(workspace: Workspace | None = None, k: int | None = None) -> AppTest:
    app = AppTest.from_file(PAGE, default_timeout=90)
    if workspace is not None:
        app.session_state[state.WORKSPACE] = workspace
    if k is not None:
        app.session_state[state.ICP_K] = k
    return app.run()


@pytest.fixture(scope="module")
def demo_page() -> AppTest:
    return _run()


def test_demo_shows_best_fit_card_and_sections(demo_page: AppTest) -> None:
    assert not demo_page.exception
    text = " ".join(m.value for m in demo_page.markdown)
    assert "Healthcare" in text and "Northeast" in text
    assert [s.value for s in demo_page.subheader] == [
        "Best fit",
        "All profiles",
        "Rules",
        "Stability",
        "Prospects that look like the best fit",
    ]
    labels = {m.label for m in demo_page.metric}
    assert {"Win rate", "Lift", "PMF score", "Cluster agreement (ARI)", "Best profile recurs"} <= labels


def test_demo_tables_compare_clusters_and_list_prospects(demo_page: AppTest) -> None:
    clusters, prospects = (frame.value for frame in demo_page.dataframe)
    assert len(clusters) >= 3
    assert clusters["best"].sum() == 1
    assert clusters["pmf_score"].is_monotonic_decreasing
    assert len(prospects) == 50
    assert prospects["lookalike"].between(0, 1).all()
    assert prospects["lookalike"].is_monotonic_decreasing


def test_k_override_changes_the_number_of_clusters() -> None:
    page = _run(k=4)
    assert not page.exception
    clusters = page.dataframe[0].value
    assert len(clusters) == 4
    assert "set by the user" in " ".join(c.value for c in page.caption)


def test_too_few_closed_deals_is_a_message_not_a_traceback() -> None:
    accounts = pd.DataFrame({Account.ID: ["a1"], Account.NAME: ["Acme"], Account.INDUSTRY: ["Retail"]})
    opportunities = pd.DataFrame(
        {
            Opportunity.ID: ["o1", "o2"],
            Opportunity.ACCOUNT_ID: ["a1", "a1"],
            Opportunity.STAGE: ["Closed Won", "Closed Lost"],
            Opportunity.OUTCOME: ["won", "lost"],
        }
    )
    page = _run(Workspace(accounts, opportunities, pd.DataFrame()))
    assert not page.exception
    assert "at least 30" in page.error[0].value
