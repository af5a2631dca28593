"""How a rep's sessions are listed: what is coming up first, then what happened, newest first.

The store returns sessions in date order, which put a booked future session above the one just
recorded and left the commitments agreed in it collapsed out of sight.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from planner.storage.records import HELD, SCHEDULED, CoachingSession


@dataclass(frozen=True)
class SessionList:
    """``coming_up``: booked, not yet recorded, soonest first. ``history``: held, newest first."""

    coming_up: tuple[CoachingSession, ...]
    history: tuple[CoachingSession, ...]

    @property
    def latest_held(self) -> CoachingSession | None:
        """The session whose commitments are being followed up now (opened on the page)."""
        return self.history[0] if self.history else None


def session_list(sessions: Sequence[CoachingSession]) -> SessionList:
    """Split and order ``sessions`` for the Sessions tab (ties on a date fall back to the id)."""
    booked = sorted((s for s in sessions if s.status == SCHEDULED), key=lambda s: (s.scheduled_for, s.id))
    held = sorted(
        (s for s in sessions if s.status == HELD), key=lambda s: (s.scheduled_for, s.id), reverse=True
    )
    return SessionList(tuple(booked), tuple(held))


def booked_on(sessions: Sequence[CoachingSession], day: dt.date) -> CoachingSession | None:
    """The rep's session already on ``day``, if any: a second one the same day is almost always a slip."""
    return next((s for s in sessions if s.scheduled_for == day), None)


def status_label(status: str) -> str:
    """'scheduled' -> 'Scheduled': a status as a heading reads, not as the database stores it."""
    return status[:1].upper() + status[1:]
