"""The Sessions tab's order: coming up soonest first, then history newest first; same-day clashes."""

from __future__ import annotations

import datetime as dt

from planner.coaching.sessions import booked_on, session_list, status_label
from planner.storage.records import HELD, SCHEDULED, CoachingSession

NOW = dt.datetime(2026, 11, 1, 9, 0)


def _session(id_: int, day: dt.date, status: str) -> CoachingSession:
    return CoachingSession(id_, "Kevin Nguyen", "Dana", day, "", status, "", NOW, NOW)


def test_upcoming_soonest_first_then_history_newest_first():
    sessions = [
        _session(1, dt.date(2026, 9, 1), HELD),
        _session(2, dt.date(2026, 12, 1), SCHEDULED),
        _session(3, dt.date(2026, 10, 1), HELD),
        _session(4, dt.date(2026, 11, 20), SCHEDULED),
    ]  # the store's date order put the future session 2 last, below the session just recorded
    listed = session_list(sessions)
    assert [s.id for s in listed.coming_up] == [4, 2]
    assert [s.id for s in listed.history] == [3, 1]
    assert listed.latest_held is not None and listed.latest_held.id == 3


def test_nothing_held_yet():
    listed = session_list([_session(1, dt.date(2026, 12, 1), SCHEDULED)])
    assert listed.history == () and listed.latest_held is None


def test_a_second_session_on_the_same_day_is_found():
    sessions = [_session(1, dt.date(2026, 12, 1), SCHEDULED), _session(2, dt.date(2026, 12, 8), HELD)]
    assert booked_on(sessions, dt.date(2026, 12, 8)).id == 2
    assert booked_on(sessions, dt.date(2026, 12, 2)) is None


def test_statuses_read_capitalised():
    assert [status_label(s) for s in (SCHEDULED, HELD, "open")] == ["Scheduled", "Held", "Open"]
