"""Persistent storage: coaching sessions, commitments and saved territory scenarios (SQLAlchemy).

Open with ``Store(url)``; ``url`` defaults to ``$PLANNER_DATABASE_URL`` or a
SQLite file in the user data directory. Tables are created on first use.
"""

from planner.storage.engine import URL_ENV, database_url
from planner.storage.records import (
    COMMITMENT_DONE,
    COMMITMENT_DROPPED,
    COMMITMENT_OPEN,
    COMMITMENT_STATUSES,
    HELD,
    SCHEDULED,
    CoachingSession,
    Commitment,
    SavedScenario,
    ScenarioSummary,
)
from planner.storage.store import Store

__all__ = [
    "COMMITMENT_DONE",
    "COMMITMENT_DROPPED",
    "COMMITMENT_OPEN",
    "COMMITMENT_STATUSES",
    "HELD",
    "SCHEDULED",
    "URL_ENV",
    "CoachingSession",
    "Commitment",
    "SavedScenario",
    "ScenarioSummary",
    "Store",
    "database_url",
]
