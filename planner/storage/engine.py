"""Which database the planner writes to, and an engine that lets two writers share a SQLite file.

SQLite is the default because a manager's laptop has no database server; any
SQLAlchemy URL (e.g. ``postgresql+psycopg://...``) works the same way for a team
deployment. SQLite needs three things for several app sessions or processes to
write at once without losing a row: WAL journaling (readers never block the
writer), a busy timeout (a second writer waits instead of failing), and write
transactions that take the write lock up front (``BEGIN IMMEDIATE``). With
pysqlite's default deferred ``BEGIN`` a transaction that reads and then writes
can fail at once with "database is locked" when another writer got there first,
because SQLite cannot wait on a lock upgrade.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Final

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.pool import StaticPool

from planner.errors import InputError
from planner.paths import user_data_dir

URL_ENV: Final = "PLANNER_DATABASE_URL"
DATABASE_FILE: Final = "planner.db"
BUSY_TIMEOUT_MS: Final = 30_000
# Execution option that marks a read-only unit of work (a plain BEGIN, no write lock).
READ_ONLY: Final = "planner_read_only"


def database_url(explicit: str | None = None) -> str:
    """The database to use: ``explicit`` (``--db``), else ``$PLANNER_DATABASE_URL``, else the SQLite file.

    The SQLite default lives in the user data directory (``PLANNER_DATA_DIR``),
    never inside the package, so an upgrade cannot overwrite a manager's history.
    """
    if explicit:
        return explicit
    from_env = os.environ.get(URL_ENV, "").strip()
    if from_env:
        return from_env
    return f"sqlite:///{user_data_dir() / DATABASE_FILE}"


def create_store_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get WAL, a busy timeout and immediate write transactions."""
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise InputError(
            f"'{url}' is not a database URL.",
            hint="Use e.g. sqlite:///path/planner.db or postgresql+psycopg://user@host/db.",
        ) from error
    if parsed.get_backend_name() != "sqlite":
        try:
            return create_engine(parsed, pool_pre_ping=True)
        except (ModuleNotFoundError, NoSuchModuleError) as error:
            raise InputError(
                f"the database driver for '{parsed.drivername}' is not installed ({error}).",
                hint="Install the driver package for that database, or use a sqlite:/// URL.",
            ) from error
    if parsed.database in (None, "", ":memory:"):
        # In memory: one shared connection (a pool would give each thread its own empty database).
        # Meant for one-off runs and tests, not for several app sessions at once.
        engine = create_engine(parsed, poolclass=StaticPool, connect_args={"check_same_thread": False})
        _configure_sqlite(engine, wal=False)
        return engine
    folder = Path(str(parsed.database)).expanduser().parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"cannot create the folder {folder} for the database ({error.strerror}).") from error
    engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    _configure_sqlite(engine, wal=True)
    return engine


def _configure_sqlite(engine: Engine, *, wal: bool) -> None:
    """Take over transaction control from pysqlite so writes can begin IMMEDIATE (SQLAlchemy's recipe)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # no implicit BEGIN from the driver
        cursor = dbapi_connection.cursor()
        if wal:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")
