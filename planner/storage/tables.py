"""The tables the planner keeps: coaching sessions, their commitments, saved territory scenarios.

SQLAlchemy Core tables, created on first use with ``metadata.create_all`` (no
migration tool yet: a later schema change needs one, e.g. Alembic). Timestamps
are naive UTC; dates are calendar dates.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

coaching_sessions = Table(
    "coaching_sessions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("rep", String(200), nullable=False),
    Column("manager", String(200), nullable=False, default=""),
    Column("scheduled_for", Date, nullable=False),
    Column("agenda", Text, nullable=False, default=""),
    Column("status", String(20), nullable=False),
    Column("notes", Text, nullable=False, default=""),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Index("ix_coaching_sessions_rep", "rep"),
)

commitments = Table(
    "commitments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "session_id",
        Integer,
        ForeignKey("coaching_sessions.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("text", Text, nullable=False),
    Column("due_date", Date, nullable=True),
    Column("status", String(20), nullable=False),
    Column("follow_up", Text, nullable=False, default=""),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Index("ix_commitments_session", "session_id"),
)

scenarios = Table(
    "territory_scenarios",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("created_at", DateTime, nullable=False),
    Column("parameters", Text, nullable=False),  # JSON object
    Column("metrics", Text, nullable=False),  # JSON object
    Column("columns", Text, nullable=False),  # JSON list: the assignment table's column order
    Column("assignments", Text, nullable=False),  # JSON list of row objects
)
