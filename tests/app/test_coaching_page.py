"""The Coaching page on the demo: team view, a staller's brief, scheduling and recording a session."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner.demo import STALLERS
from planner.storage import URL_ENV, Store
from planner.workspace import Workspace
from ui import state

PAGE = str(Path(__file__).resolve().parents[2] / "app_pages" / "coaching.py")
STALLER, STALL_STAGE = next(iter(STALLERS.items()))


@pytest.fixture
def db(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'planner.db'}"
    monkeypatch.setenv(URL_ENV, url)
    return url


def _run(rep: str | None = None, workspace: Workspace | None = None) -> AppTest:
    app = AppTest.from_file(PAGE, default_timeout=120)
    if rep is not None:
        app.session_state[state.COACHING_REP] = rep
    if workspace is not None:
        app.session_state[state.WORKSPACE] = workspace
    return app.run()


def test_team_view_and_brief_of_a_staller(db):
    page = _run(STALLER)
    assert not page.exception
    team = page.dataframe[0].value
    assert set(team.head(len(STALLERS))["rep"]) == set(STALLERS)
    assert page.selectbox[0].value == STALLER
    assert any(f"The one thing to fix: {STALL_STAGE}." in w.value for w in page.warning)
    labels = {m.label for m in page.metric}
    assert {"Reps", "Need coaching", "Win rate", "Pipeline coverage"} <= labels
    brief_text = " ".join(m.value for m in page.markdown)
    assert "## 2. Lead the performance analysis" in brief_text and STALL_STAGE in brief_text


def test_schedule_record_and_follow_up_a_session(db):
    page = _run(STALLER)
    page.date_input[0].set_value(dt.date(2026, 11, 20))
    page.button[0].click().run()  # the Schedule form's submit button
    assert not page.exception
    [session] = Store(db).list_sessions(STALLER)
    assert session.scheduled_for == dt.date(2026, 11, 20)
    assert STALL_STAGE in session.agenda and session.manager  # agenda and manager from the brief

    agenda, notes, commitments = page.text_area[0], page.text_area[1], page.text_area[2]
    assert STALL_STAGE in agenda.value
    assert page.selectbox[1].value.id == session.id  # the session to record
    notes.set_value("Walked through the Proposal losses")
    commitments.set_value("Review every proposal with me\nOpen 3 Healthcare accounts")
    page.button[1].click().run()
    assert not page.exception
    [held] = Store(db).list_sessions(STALLER)
    assert held.status == "held" and [c.text for c in held.commitments] == [
        "Review every proposal with me",
        "Open 3 Healthcare accounts",
    ]
    # The next brief reviews them, and the history can mark one done.
    assert any("Review the 2 commitments" in m.value for m in page.markdown)
    assert any(e.label.startswith(f"#{held.id} ") for e in page.expander)

    status = next(box for box in page.selectbox if box.label == "Status")
    status.set_value("done")
    next(box for box in page.text_input if box.label == "What happened").set_value("Reviewed 4 of 5")
    next(b for b in page.button if b.label == "Update").click().run()
    assert not page.exception
    first = Store(db).list_sessions(STALLER)[0].commitments[0]
    assert (first.status, first.follow_up) == ("done", "Reviewed 4 of 5")
    assert any("| Review every proposal with me | done |" in m.value for m in page.markdown)


def test_data_without_reps_shows_a_message_not_a_traceback(db):
    tiny = Workspace.from_files(
        accounts=("accounts.csv", b"Account Name,Industry\nAcme,Retail\nBeta,Energy\n"),
        opportunities=("deals.csv", b"Account Name,Stage,Amount\nAcme,Closed Won,100\nBeta,Closed Lost,0\n"),
    )
    page = _run(workspace=tiny)
    assert not page.exception
    messages = [m.value for m in [*page.error, *page.warning]]
    assert messages and ("No reps found" in messages[0] or "cannot be prepared" in messages[0])


def test_an_unreachable_database_leaves_the_briefs_working(monkeypatch):
    monkeypatch.setenv(URL_ENV, "postgresql+nosuchdriver://planner@localhost/planner")
    page = _run(STALLER)
    assert not page.exception
    assert page.dataframe and any(f"The one thing to fix: {STALL_STAGE}." in w.value for w in page.warning)
    assert any("Sessions cannot be saved" in e.value and "driver" in e.value for e in page.error)
