"""The Accounts and Segments pages on the demo: lists, sliders that re-rank, tiers, filters, drill-down."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner.schema import Account, Score, SegmentStats
from planner.scoring import TierRule, Weights
from planner.scoring.segments import TOP_ACCOUNTS
from planner.workspace import Workspace
from tests.scoring.crm_factory import make_accounts, make_opportunities
from ui import state

PAGES = Path(__file__).resolve().parents[2] / "app_pages"


def _app(page: str, **session: object) -> AppTest:
    app = AppTest.from_file(str(PAGES / page), default_timeout=120)
    for key, value in session.items():
        app.session_state[key] = value
    return app


@pytest.fixture(scope="module")
def accounts_page() -> AppTest:
    return _app("accounts.py").run()


def _slider(app: AppTest, name: str):
    return next(s for s in app.slider if s.key == state.score_widget_key(name))


def test_accounts_page_lists_ranked_accounts_with_reasons(accounts_page: AppTest) -> None:
    assert not accounts_page.exception
    table = accounts_page.dataframe[0].value
    assert len(table) == 500
    assert table[Score.PRIORITY].is_monotonic_decreasing
    assert table[Score.STRONGEST].notna().all() and table[Score.WEAKEST].notna().all()
    assert not table[Score.STRONGEST].str.startswith("Strongest").any(), "the halves lose the lead-in"
    shares = "Priority weighs **40% potential, 40% fit, 20% market**"
    assert any(shares in caption.value for caption in accounts_page.caption)
    labels = {m.label for m in accounts_page.metric}
    assert {"Accounts", "Tier A", "ROC AUC", "Top-decile lift", "Brier score"} <= labels
    assert accounts_page.get("download_button")


def test_a_selected_row_spells_its_reasons_out_in_full(accounts_page: AppTest) -> None:
    assert any(c.value.startswith("Select a row") for c in accounts_page.caption), "nothing selected yet"
    table = accounts_page.dataframe[0].value
    selection = {"selection": {"rows": [2], "columns": [], "cells": []}}
    app = _app("accounts.py", **{state.score_widget_key("table"): selection}).run()
    assert not app.exception
    card = next(m.value for m in app.markdown if "Strongest driver" in m.value)
    unescaped = card.replace("\\", "")
    assert unescaped.startswith(f"**{table[Account.NAME].iloc[2]}**")
    assert table[Score.STRONGEST].iloc[2] in unescaped and table[Score.WEAKEST].iloc[2] in unescaped


def test_moving_a_weight_slider_re_ranks(accounts_page: AppTest) -> None:
    before = accounts_page.dataframe[0].value
    _slider(accounts_page, "potential").set_value(1.0)
    _slider(accounts_page, "fit").set_value(0.0)
    _slider(accounts_page, "market").set_value(0.0).run()
    assert not accounts_page.exception
    after = accounts_page.dataframe[0].value
    assert accounts_page.session_state[state.SCORE_WEIGHTS] == Weights(1.0, 0.0, 0.0)
    assert any("**100% potential**" in c.value for c in accounts_page.caption)
    assert list(after[Score.WHITESPACE].head(20)) != list(before[Score.WHITESPACE].head(20))
    # With potential alone, the list follows whitespace.
    assert after[Score.WHITESPACE].head(50).min() >= before[Score.WHITESPACE].head(50).median()


def test_all_zero_weights_keep_the_previous_ranking_and_say_why() -> None:
    app = _app("accounts.py", **{state.SCORE_WEIGHTS: Weights(0.0, 1.0, 0.0)}).run()
    for name in ("potential", "fit", "market"):
        _slider(app, name).set_value(0.0)
    app.run()
    assert not app.exception
    assert "at least one weight above zero" in app.warning[0].value
    assert "--weights" not in app.warning[0].value, "the app speaks to app users, not CLI users"
    assert app.session_state[state.SCORE_WEIGHTS] == Weights(0, 1, 0)
    assert app.dataframe[0].value[Score.PRIORITY].is_monotonic_decreasing


def test_tier_per_rep_and_tier_filter() -> None:
    app = _app("accounts.py", **{state.SCORE_TIERS: TierRule(kind="top", per_rep=5)}).run()
    assert not app.exception
    tier_a = next(m for m in app.metric if m.label == "Tier A")
    first_view = app.dataframe[0].value
    assert int(tier_a.value.replace(",", "")) % 5 == 0
    app.multiselect(key=state.score_widget_key("tiers")).set_value(["A"]).run()
    shown = app.dataframe[0].value
    assert set(shown[Score.TIER].astype(str)) == {"A"}
    assert len(shown) == int(tier_a.value.replace(",", "")) and len(first_view) == 500


def test_accounts_page_says_what_is_wrong_without_closed_deals() -> None:
    accounts = make_accounts(200)
    opportunities = make_opportunities(accounts, 12)
    workspace = Workspace(accounts, opportunities, opportunities.iloc[0:0])
    app = _app("accounts.py", **{state.WORKSPACE: workspace, state.SCORE_LOOKALIKE: False}).run()
    assert not app.exception
    assert app.error and "cannot be scored" in app.error[0].value


def test_segments_page_matrix_bubbles_and_drill_down() -> None:
    app = _app("segments.py", **{state.SCORE_WEIGHTS: Weights(0, 1, 0)}).run()
    assert not app.exception
    assert "(100% fit)" in app.caption[0].value
    assert len(app.get("plotly_chart")) == 2
    segments, members = (frame.value for frame in app.dataframe)
    assert segments[SegmentStats.TOP_SCORE].is_monotonic_decreasing
    last = segments["segment"].iloc[-1]
    app.selectbox(key=state.score_widget_key("drill_segment")).set_value(last).run()
    assert not app.exception
    members = app.dataframe[1].value
    assert app.session_state[state.SEGMENT_FOCUS] == last
    assert len(members) == min(200, int(segments["accounts"].iloc[-1]))
    assert set(members["segment"]) == {last}


def test_segments_page_ranks_full_lists_first_and_says_how() -> None:
    app = _app("segments.py").run()
    assert not app.exception
    segments = app.dataframe[0].value
    names = segments["segment"].tolist()
    assert names.index("Healthcare | Northeast | 1,000-4,999") < 3, names[:5]
    assert (segments.head(10)["accounts"] >= TOP_ACCOUNTS).all(), "tiny segments do not lead"
    explained = " ".join(c.value for c in app.caption)
    assert f"Ranked by Score: the mean priority of each segment's {TOP_ACCOUNTS} best accounts" in explained
    assert app.selectbox(key=state.score_widget_key("drill_segment")).value == names[0]
