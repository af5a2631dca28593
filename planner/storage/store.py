"""``Store``: the planner's persistent memory (coaching sessions, commitments, territory scenarios).

Every public method is one unit of work in its own transaction, so a failure
half-way leaves nothing half-written and two app sessions (or two processes)
writing at once both land. Rows come back as the frozen dataclasses of
``planner.storage.records``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Row, delete, func, insert, select, update
from sqlalchemy.exc import OperationalError

from planner.errors import InputError
from planner.serialize import to_jsonable
from planner.storage.engine import READ_ONLY, create_store_engine, database_url
from planner.storage.records import (
    COMMITMENT_OPEN,
    COMMITMENT_STATUSES,
    HELD,
    SCHEDULED,
    CoachingSession,
    Commitment,
    SavedScenario,
    ScenarioSummary,
)
from planner.storage.tables import coaching_sessions, commitments, metadata, scenarios


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _clean_text(value: str | None, what: str, *, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise InputError(f"the {what} is empty.", hint=f"Give the {what} as text.")
    return text


class Store:
    """Coaching sessions and saved scenarios in a database given by URL (SQLite file by default).

    ``Store()`` opens ``database_url()`` (``$PLANNER_DATABASE_URL`` or the
    SQLite file in the user data directory); tables are created on first use.
    """

    def __init__(self, url: str | None = None) -> None:
        self.url = database_url(url)
        self._engine = create_store_engine(self.url)
        try:
            with self._engine.begin() as conn:
                metadata.create_all(conn)
        except OperationalError as error:
            raise InputError(
                f"cannot open the database {self!r}: {error.orig}.",
                hint="Check the --db URL (or PLANNER_DATABASE_URL), the server and the credentials.",
            ) from error

    def __repr__(self) -> str:
        return f"Store({self._engine.url.render_as_string(hide_password=True)!r})"

    def close(self) -> None:
        """Release pooled connections (tests and short-lived CLI runs)."""
        self._engine.dispose()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self._engine.begin() as conn:
            yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._engine.connect() as conn:
            conn = conn.execution_options(**{READ_ONLY: True})
            with conn.begin():
                yield conn

    # ---- coaching sessions -------------------------------------------------------------------------------

    def schedule_session(
        self,
        rep: str,
        scheduled_for: dt.date,
        *,
        manager: str | None = None,
        agenda: str = "",
    ) -> CoachingSession:
        """Put a strategic coaching session with ``rep`` in the calendar (status ``scheduled``)."""
        rep = _clean_text(rep, "rep name", required=True)
        now = _now()
        with self._write() as conn:
            new_id = conn.execute(
                insert(coaching_sessions).values(
                    rep=rep,
                    manager=_clean_text(manager, "manager"),
                    scheduled_for=scheduled_for,
                    agenda=agenda or "",
                    status=SCHEDULED,
                    notes="",
                    created_at=now,
                    updated_at=now,
                )
            ).inserted_primary_key[0]  # type: ignore[index]
            return self._session(conn, int(new_id))

    def record_session(
        self,
        session_id: int,
        notes: str,
        commitments_made: Sequence[str] = (),
        *,
        due_date: dt.date | None = None,
        today: dt.date | None = None,
    ) -> CoachingSession:
        """Mark a session held, keep its notes and add the commitments agreed in it (status ``open``).

        Given ``today``, a session dated after it is refused: it has not happened yet, and recording it
        would put a meeting that never took place in the rep's history and its commitments in the next
        brief. (``None`` skips the check, for callers that log sessions whose date they set themselves.)
        """
        texts = [_clean_text(t, "commitment", required=True) for t in commitments_made]
        now = _now()
        with self._write() as conn:
            row = self._session_row(conn, session_id)
            if today is not None and row.scheduled_for > today:
                raise InputError(
                    f"session #{session_id} is scheduled for {row.scheduled_for:%d %b %Y}, after today "
                    f"({today:%d %b %Y}): it cannot be recorded as held yet.",
                    hint="Record it on or after that day, or schedule a session for a date that has passed.",
                )
            conn.execute(
                update(coaching_sessions)
                .where(coaching_sessions.c.id == session_id)
                .values(status=HELD, notes=notes or "", updated_at=now)
            )
            if texts:
                conn.execute(
                    insert(commitments),
                    [
                        {
                            "session_id": session_id,
                            "text": text,
                            "due_date": due_date,
                            "status": COMMITMENT_OPEN,
                            "follow_up": "",
                            "created_at": now,
                            "updated_at": now,
                        }
                        for text in texts
                    ],
                )
            return self._session(conn, session_id)

    def update_commitment(self, commitment_id: int, status: str, follow_up: str | None = None) -> Commitment:
        """Set a commitment to open / done / dropped, with an optional note on what happened."""
        if status not in COMMITMENT_STATUSES:
            choices = ", ".join(COMMITMENT_STATUSES)
            raise InputError(f"'{status}' is not a commitment status.", hint=f"Use one of: {choices}.")
        values: dict[str, Any] = {"status": status, "updated_at": _now()}
        if follow_up is not None:
            values["follow_up"] = follow_up
        with self._write() as conn:
            done = conn.execute(
                update(commitments).where(commitments.c.id == commitment_id).values(**values)
            ).rowcount
            if not done:
                raise InputError(f"there is no commitment with id {commitment_id}.")
            row = conn.execute(select(commitments).where(commitments.c.id == commitment_id)).one()
            return _commitment(row)

    def get_session(self, session_id: int) -> CoachingSession:
        """One session with its commitments; ``InputError`` when the id is unknown."""
        with self._read() as conn:
            return self._session(conn, session_id)

    def list_sessions(self, rep: str | None = None) -> list[CoachingSession]:
        """Sessions (all, or one rep's, matched case-insensitively), oldest first."""
        query = select(coaching_sessions).order_by(coaching_sessions.c.scheduled_for, coaching_sessions.c.id)
        if rep:
            query = query.where(func.lower(coaching_sessions.c.rep) == rep.strip().lower())
        with self._read() as conn:
            rows = conn.execute(query).all()
            by_session = self._commitments_by_session(conn, [r.id for r in rows])
        return [_session(r, by_session.get(r.id, ())) for r in rows]

    def previous_session(self, rep: str, before: dt.date | None = None) -> CoachingSession | None:
        """The rep's latest held session (on or before ``before``), whose commitments the next one reviews."""
        held = [s for s in self.list_sessions(rep) if s.status == HELD]
        if before is not None:
            held = [s for s in held if s.scheduled_for <= before]
        return held[-1] if held else None

    def next_session(self, rep: str, on_or_after: dt.date | None = None) -> CoachingSession | None:
        """The rep's earliest session still to hold on or after ``on_or_after`` (default today)."""
        start = on_or_after or dt.date.today()
        planned = [s for s in self.list_sessions(rep) if s.status == SCHEDULED and s.scheduled_for >= start]
        return planned[0] if planned else None

    def _session_row(self, conn: Connection, session_id: int) -> Row[Any]:
        query = select(coaching_sessions).where(coaching_sessions.c.id == session_id)
        row = conn.execute(query).one_or_none()
        if row is None:
            raise InputError(
                f"there is no coaching session with id {session_id}.",
                hint="List them with `planner sessions list`.",
            )
        return row

    def _session(self, conn: Connection, session_id: int) -> CoachingSession:
        row = self._session_row(conn, session_id)
        return _session(row, self._commitments_by_session(conn, [session_id]).get(session_id, ()))

    @staticmethod
    def _commitments_by_session(conn: Connection, ids: Sequence[int]) -> dict[int, tuple[Commitment, ...]]:
        if not ids:
            return {}
        rows = conn.execute(
            select(commitments).where(commitments.c.session_id.in_(list(ids))).order_by(commitments.c.id)
        ).all()
        grouped: dict[int, list[Commitment]] = {}
        for row in rows:
            grouped.setdefault(row.session_id, []).append(_commitment(row))
        return {k: tuple(v) for k, v in grouped.items()}

    # ---- territory scenarios -----------------------------------------------------------------------------

    def save_scenario(
        self,
        name: str,
        assignments: pd.DataFrame,
        *,
        parameters: Mapping[str, Any] | None = None,
        metrics: Mapping[str, Any] | Any = None,
    ) -> ScenarioSummary:
        """Save a territory plan under ``name``; saving an existing name replaces it (one transaction).

        ``metrics`` is a mapping or a result dataclass (a plan's ``PlanMetrics``): stored as its JSON form.
        """
        name = _clean_text(name, "scenario name", required=True)
        values = {
            "name": name,
            "created_at": _now(),
            "parameters": json.dumps(to_jsonable(dict(parameters or {}))),
            "metrics": json.dumps(to_jsonable(metrics or {})),
            "columns": json.dumps([str(c) for c in assignments.columns]),
            "assignments": json.dumps(to_jsonable(assignments)),
        }
        with self._write() as conn:
            conn.execute(delete(scenarios).where(scenarios.c.name == name))
            new_id = conn.execute(insert(scenarios).values(**values)).inserted_primary_key[0]  # type: ignore[index]
            row = conn.execute(select(*_SUMMARY_COLUMNS).where(scenarios.c.id == new_id)).one()
        return _summary(row)

    def list_scenarios(self) -> list[ScenarioSummary]:
        """Saved scenarios, newest first, without their assignment tables."""
        with self._read() as conn:
            rows = conn.execute(
                select(*_SUMMARY_COLUMNS).order_by(scenarios.c.created_at.desc(), scenarios.c.id.desc())
            ).all()
        return [_summary(r) for r in rows]

    def load_scenario(self, name_or_id: str | int) -> SavedScenario:
        """A saved scenario with its assignments as a DataFrame (ids stay text: no type guessing)."""
        with self._read() as conn:
            row = conn.execute(select(scenarios).where(_scenario_key(name_or_id))).one_or_none()
        if row is None:
            raise InputError(f"there is no saved scenario '{name_or_id}'.")
        frame = pd.DataFrame.from_records(json.loads(row.assignments), columns=json.loads(row.columns))
        summary = _summary(row)
        return SavedScenario(**vars(summary), assignments=frame)

    def delete_scenario(self, name_or_id: str | int) -> bool:
        """Delete a saved scenario; ``False`` when there was none of that name or id."""
        with self._write() as conn:
            return bool(conn.execute(delete(scenarios).where(_scenario_key(name_or_id))).rowcount)


_SUMMARY_COLUMNS = (
    scenarios.c.id,
    scenarios.c.name,
    scenarios.c.created_at,
    scenarios.c.parameters,
    scenarios.c.metrics,
)


def _scenario_key(name_or_id: str | int) -> Any:
    if isinstance(name_or_id, int):
        return scenarios.c.id == name_or_id
    return scenarios.c.name == str(name_or_id).strip()


def _summary(row: Any) -> ScenarioSummary:
    return ScenarioSummary(
        id=row.id,
        name=row.name,
        created_at=row.created_at,
        parameters=json.loads(row.parameters),
        metrics=json.loads(row.metrics),
    )


def _commitment(row: Row[Any]) -> Commitment:
    """The record of a ``commitments`` row (the dataclass fields are the table's columns)."""
    return Commitment(**row._mapping)


def _session(row: Row[Any], items: tuple[Commitment, ...]) -> CoachingSession:
    """The record of a ``coaching_sessions`` row with its commitments."""
    return CoachingSession(**row._mapping, commitments=items)
