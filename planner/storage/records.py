"""What the store hands back: plain frozen dataclasses, so callers never hold a live database row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Final

import pandas as pd

SCHEDULED: Final = "scheduled"
HELD: Final = "held"
SESSION_STATUSES: Final = (SCHEDULED, HELD)

COMMITMENT_OPEN: Final = "open"
COMMITMENT_DONE: Final = "done"
COMMITMENT_DROPPED: Final = "dropped"
COMMITMENT_STATUSES: Final = (COMMITMENT_OPEN, COMMITMENT_DONE, COMMITMENT_DROPPED)


@dataclass(frozen=True)
class Commitment:
    """Something the rep agreed to do in a session, and what became of it."""

    id: int
    session_id: int
    text: str
    due_date: dt.date | None
    status: str
    follow_up: str
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class CoachingSession:
    """One scheduled (or held) strategic coaching session with its commitments."""

    id: int
    rep: str
    manager: str
    scheduled_for: dt.date
    agenda: str
    status: str
    notes: str
    created_at: dt.datetime
    updated_at: dt.datetime
    commitments: tuple[Commitment, ...] = ()


@dataclass(frozen=True)
class ScenarioSummary:
    """A saved territory scenario without its (possibly large) assignment table."""

    id: int
    name: str
    created_at: dt.datetime
    parameters: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SavedScenario(ScenarioSummary):
    """A saved territory scenario with its assignment table (one row per account)."""

    assignments: pd.DataFrame = field(default_factory=pd.DataFrame)
