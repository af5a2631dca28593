"""The Coaching page on the demo: team view, a staller's brief, scheduling and recording a session."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import streamlit
from streamlit.testing.v1 import AppTest

from planner import export
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


def test_team_view_and_brief_of_a_staller(db, monkeypatch):
    tables = []
    original = streamlit.dataframe
    monkeypatch.setattr(streamlit, "dataframe", lambda data, **kw: tables.append(kw) or original(data, **kw))
    exports = []
    monkeypatch.setattr(export, "to_csv_bytes", lambda frame: exports.append(frame) or b"csv")
    page = _run(STALLER)
    assert not page.exception
    team = page.dataframe[0].value
    assert set(team.head(len(STALLERS))["rep"]) == set(STALLERS)
    # What a manager acts on comes first, so it shows at 1400 px without scrolling; evidence last.
    shown = list(tables[0]["column_order"])
    assert shown[:4] == ["rep", "intervention", "biggest_gap", "gap_deals"] and "evidence" not in shown
    # The evidence sentence is read in full in a static table under the grid, one row per rep with a gap.
    [why] = [t.value for t in page.table if "Evidence" in t.value.columns]
    # As tall as its rows: a fixed taller height drew an empty row under the last rep.
    assert tables[0]["height"] == "content"
    # The manager's table names the rep ("Kevin's lost deals"), never "your".
    staller = team[team["rep"] == STALLER].iloc[0]
    evidence = why.loc[why["Rep"] == STALLER, "Evidence"].iloc[0]
    assert f"of {STALLER}'s" in evidence and "lost deals in the last 12 months" in evidence
    assert not why["Evidence"].str.contains(r"\byour?\b", regex=True).any()
    assert list(why["Rep"]) == list(team["rep"].head(len(why)))  # same order as the grid
    # Plain words on the page: no p-values or test names outside the tooltips.
    words = " ".join(e.value for e in [*page.caption, *page.warning, *page.info, *page.markdown])
    assert "not chance" in words and "1 time in 20" in words
    assert not any(jargon in words for jargon in ("p<", "p=", "binomial", "Bonferroni"))
    # The CSV is the rounded export frame: whole deals, shares to 3 decimals, money to the cent.
    [frame] = exports[:1]
    assert (frame["gap_deals"] == frame["gap_deals"].round()).all()
    assert (frame["win_rate"].dropna() == frame["win_rate"].dropna().round(3)).all()
    assert (frame["won"] == frame["won"].round(2)).all()
    assert page.selectbox[0].value == STALLER
    assert any(f"The one thing to fix: {STALL_STAGE}." in w.value for w in page.warning)
    labels = {m.label for m in page.metric}
    assert {"Reps", "Need coaching", "Win rate, last 12 months", "Pipeline coverage"} <= labels
    # Tiles read like the table: one decimal for shares.
    win_rate = next(m for m in page.metric if m.label == "Win rate, last 12 months").value
    assert win_rate == f"{staller['win_rate']:.1f}%"  # the table holds points (show_table scales)
    brief_text = " ".join(m.value for m in page.markdown)
    assert "## 2. Lead the performance analysis" in brief_text and STALL_STAGE in brief_text
    assert "date to be scheduled" in brief_text  # nothing booked yet


def _tab_keys(page: AppTest) -> list[str]:
    """The keys of the page's tab sets: a keyed (tracked) set keeps its open tab across reruns."""
    found, stack = [], [page._tree]
    while stack:
        node = stack.pop()
        if getattr(node, "type", "") == "tab_container":
            found.append(node.proto.id.rsplit("-", 1)[-1])
        stack.extend(getattr(node, "children", {}).values())
    return found


def test_a_booked_session_is_confirmed_dated_in_the_brief_and_not_recordable_early(db):
    page = _run(STALLER)
    booked = dt.date.today() + dt.timedelta(days=7)
    page.date_input[0].set_value(booked)
    page.button[0].click().run()  # the Schedule form's submit button
    assert not page.exception
    [session] = Store(db).list_sessions(STALLER)
    # A confirmation that survives the rerun, on the Sessions tab that stays open.
    assert any(
        f"Session #{session.id} with {STALLER} scheduled for {booked:%A %d %B %Y}" in m.value
        for m in page.success
    )
    assert _tab_keys(page) == [state.COACHING_TAB]  # tracked: the rerun keeps the open tab
    brief_text = " ".join(m.value for m in page.markdown)
    assert f"60 minutes, {booked:%A %d %B %Y}" in brief_text and "date to be scheduled" not in brief_text
    # A session in the future cannot be recorded as held: no record form, a clear note instead.
    assert not [b for b in page.button if b.label == "Save notes and commitments"]
    assert any("on or after its date" in c.value for c in page.caption)
    assert [e.label for e in page.expander if e.label.startswith("#")] == [
        f"#{session.id} {booked:%a %d %b %Y} - Scheduled"
    ]
    page.run()
    assert not page.success  # shown once


def test_schedule_record_and_follow_up_a_session(db):
    page = _run(STALLER)
    held_on = dt.date.today() - dt.timedelta(days=3)
    page.date_input[0].set_value(held_on)
    page.button[0].click().run()  # the Schedule form's submit button
    assert not page.exception
    [session] = Store(db).list_sessions(STALLER)
    assert session.scheduled_for == held_on
    assert STALL_STAGE in session.agenda and session.manager  # agenda and manager from the brief

    agenda, notes, commitments = page.text_area[0], page.text_area[1], page.text_area[2]
    assert STALL_STAGE in agenda.value
    assert page.selectbox[1].value.id == session.id  # the session to record
    notes.set_value("Walked through the Proposal losses")
    commitments.set_value("Review every proposal with me\nOpen 3 Healthcare accounts")
    page.button[1].click().run()
    assert not page.exception
    assert any("recorded as held with 2 commitments" in m.value for m in page.success)
    [held] = Store(db).list_sessions(STALLER)
    assert held.status == "held" and [c.text for c in held.commitments] == [
        "Review every proposal with me",
        "Open 3 Healthcare accounts",
    ]
    # The next brief reviews them, and the history can mark one done.
    assert any("Review the 2 commitments" in m.value for m in page.markdown)
    assert any(e.label.startswith(f"#{held.id} ") for e in page.expander)

    # A session booked after it is listed first ("Coming up"), the held one under "History", open with
    # its commitments in view (the date order put the future one on top and left both collapsed).
    later = dt.date.today() + dt.timedelta(days=14)
    page.date_input[0].set_value(later)
    page.button[0].click().run()
    assert not page.exception
    headings = [m.value for m in page.markdown if m.value in ("**Coming up**", "**History**")]
    assert headings == ["**Coming up**", "**History**"]
    upcoming = Store(db).list_sessions(STALLER)[-1]
    sessions = [e for e in page.expander if e.label.startswith("#")]
    assert [e.label for e in sessions] == [
        f"#{upcoming.id} {later:%a %d %b %Y} - Scheduled",
        f"#{held.id} {held_on:%a %d %b %Y} - Held",
    ]
    assert [e.proto.expanded for e in sessions] == [False, True]
    # The same day again is refused with a warning, not a silent duplicate.
    page.date_input[0].set_value(later)
    page.button[0].click().run()
    assert not page.exception
    assert len(Store(db).list_sessions(STALLER)) == 2
    assert any(f"already has session #{upcoming.id}" in w.value for w in page.warning)

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


def test_the_rep_defaults_to_the_top_of_the_team_view_and_keeps_a_choice(db):
    page = _run()
    assert not page.exception
    top = page.dataframe[0].value["rep"].iloc[0]
    assert top in STALLERS and page.selectbox[0].value == top  # not the alphabetically first rep
    page.selectbox[0].set_value("Marcus Reid").run()
    assert (
        state.COACHING_REP in page.session_state and page.session_state[state.COACHING_REP] == "Marcus Reid"
    )
    page.run()
    assert page.selectbox[0].value == "Marcus Reid"


def test_the_win_rate_tile_agrees_with_the_team_view_and_the_brief(db):
    """Marcus Reid: 23.35% vs 23.79% shows as 23.3% vs 23.8%, so the gap reads 0.5 points everywhere."""
    page = _run("Marcus Reid")
    assert not page.exception
    tile = next(m for m in page.metric if m.label == "Win rate, last 12 months")
    assert (tile.value, tile.delta) == ("23.3%", "-0.5 pts vs rest of team")
    team = page.dataframe[0].value
    row = team[team["rep"] == "Marcus Reid"].iloc[0]
    assert (f"{row['win_rate']:.1f}", f"{row['team_win_rate']:.1f}") == ("23.3", "23.8")
    brief_text = " ".join(m.value for m in page.markdown)
    assert "vs 23.8% for the rest of the team: a gap of 0.5 points" in brief_text
