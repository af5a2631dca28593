"""The Ideal profile page on the demo: cards, chart, rules, stability, lookalikes; k override; bad data."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from planner.schema import LOST, Account, Icp, Opportunity
from planner.workspace import Workspace
from tests.app.shown_tables import unformatted_numbers
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
    assert clusters["best"].iloc[0], "the best fit heads the table"
    assert clusters["win_rate"].iloc[-1] < clusters["win_rate"].iloc[0]
    assert len(prospects) == 50
    assert prospects["lookalike"].between(0, 1).all()
    assert prospects["lookalike"].is_monotonic_decreasing


def test_clusters_are_numbered_from_1_in_the_table_and_best_card(demo_page: AppTest) -> None:
    clusters = demo_page.dataframe[0].value
    numbers = [f"#{n}" for n in range(1, len(clusters) + 1)]
    assert sorted(clusters[Icp.CLUSTER], key=lambda c: int(c[1:])) == numbers
    text = [m.value for m in demo_page.markdown]
    best = clusters.loc[clusters[Icp.BEST], Icp.CLUSTER].item()
    assert any(m.startswith(f"**{best} · ") for m in text), "the best-fit card names its cluster"


def test_all_profiles_are_shown_once_in_the_table_with_their_text(demo_page: AppTest) -> None:
    clusters = demo_page.dataframe[0].value
    assert clusters["name"].str.len().gt(0).all(), "each row reads as a profile, not only a number"
    text = " ".join(m.value for m in demo_page.markdown)
    repeated = [label for label in clusters[Icp.CLUSTER] if f"**{label}**" in text]
    assert repeated == [], f"profiles also printed as text lines: {repeated}"
    assert text.count("PMF") == 0, "the PMF scores are in the table only"


def test_shares_on_tiles_read_like_the_table_with_one_decimal(demo_page: AppTest) -> None:
    tiles = {m.label: m.value for m in demo_page.metric}
    for label in ("Win rate", "Best profile recurs"):
        assert re.fullmatch(r"\d{1,3}\.\d%", tiles[label]), (label, tiles[label])
    points = demo_page.dataframe[0].value.query(Icp.BEST)["win_rate"].item()  # the table shows points
    assert tiles["Win rate"] == f"{points:.1f}%"


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


def test_every_number_in_the_tables_has_its_format(demo_page: AppTest) -> None:
    assert [unformatted_numbers(table) for table in demo_page.dataframe] == [[], []]


def test_won_deals_only_show_share_of_wins_tiles_that_define_themselves() -> None:
    demo = Workspace.demo()
    won = demo.opportunities[demo.opportunities[Opportunity.OUTCOME] != LOST]
    page = _run(Workspace(demo.accounts, won, demo.reps))
    assert not page.exception
    tiles = {m.label: m for m in page.metric}
    assert "Win rate" not in tiles and re.fullmatch(r"\d{1,3}\.\d%", tiles["Share of wins"].value)
    assert all(m.proto.help.strip() for m in page.metric), [m.label for m in page.metric if not m.proto.help]
