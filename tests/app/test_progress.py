"""The first scoring of a dataset shows its named steps; a re-weighing of the cached fit shows none."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui import cached, state

PAGE = str(Path(__file__).resolve().parents[2] / "app_pages" / "accounts.py")
pytestmark = pytest.mark.xdist_group("app")


def _texts(app: AppTest) -> list[str]:
    return [m.value for m in app.markdown]


def test_first_scoring_shows_each_step_then_reweighing_shows_none(monkeypatch) -> None:
    monkeypatch.setattr(cached, "_fitted", set())  # as in a server that has not scored this data yet
    app = AppTest.from_file(PAGE, default_timeout=180).run()
    assert not app.exception
    [status] = app.status
    assert status.label.startswith("Scored 6,000 accounts in ")
    steps = [text for text in _texts(app) if text.startswith(":material/check_circle:")]
    assert [s.split()[1] for s in steps] == ["Read", "Clustering", "Fitting", "Weighing"]
    assert all(s.endswith(" s)") for s in steps[1:]), "each computed step says how long it took"

    next(s for s in app.slider if s.key == state.score_widget_key("fit")).set_value(0.6).run()
    assert not app.exception
    assert not app.status, "a cached fit re-weighs without a progress box"


def test_without_the_lookalike_blend_no_clustering_step(monkeypatch) -> None:
    monkeypatch.setattr(cached, "_fitted", set())
    app = AppTest.from_file(PAGE, default_timeout=180)
    app.session_state[state.SCORE_LOOKALIKE] = False
    app.run()
    assert not app.exception
    steps = [text.split()[1] for text in _texts(app) if text.startswith(":material/check_circle:")]
    assert steps == ["Read", "Fitting", "Weighing"]


def test_a_step_that_fails_stops_spinning_and_says_where_it_stopped() -> None:
    def script():
        import streamlit as st

        from ui.progress import steps

        try:
            with steps("Scoring...", "Scored") as progress, progress.step("Fitting the models"):
                raise ValueError("no closed deals")
        except ValueError as error:
            st.error(str(error))

    app = AppTest.from_function(script).run()
    assert not app.exception and app.error[0].value == "no closed deals"
    assert app.status[0].label == "Scoring: stopped"
    assert _texts(app) == [":material/cancel: Fitting the models: stopped here"]
