"""Two writers at once lose nothing: threads sharing one Store, and two separate processes.

Each writer records sessions that read then write inside one transaction (the
pattern that fails at once under pysqlite's deferred BEGIN), so a lost or
refused write shows up as a missing row or a failed writer.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pandas as pd

from planner.storage import HELD, Store

ROWS = 40
REPO_ROOT = Path(__file__).resolve().parents[2]

WRITER = textwrap.dedent(
    """
    import datetime as dt, sys
    import pandas as pd
    from planner.storage import Store

    url, rep, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = Store(url)
    for i in range(rows):
        session = store.schedule_session(rep, dt.date(2026, 1, 1) + dt.timedelta(days=i))
        store.record_session(session.id, f"{rep} {i}", [f"{rep} commitment {i}"])
        store.save_scenario(f"{rep} plan {i}", pd.DataFrame({"account_id": [str(i)]}))
    """
)


def _write_rows(store: Store, rep: str, errors: list[BaseException]) -> None:
    try:
        for i in range(ROWS):
            session = store.schedule_session(rep, dt.date(2026, 1, 1) + dt.timedelta(days=i))
            store.record_session(session.id, f"{rep} {i}", [f"{rep} commitment {i}"])
            store.save_scenario(f"{rep} plan {i}", pd.DataFrame({"account_id": [str(i)]}))
    except BaseException as error:  # collected and asserted on in the main thread
        errors.append(error)


def _assert_all_rows_present(store: Store, reps: list[str]) -> None:
    for rep in reps:
        sessions = store.list_sessions(rep)
        assert len(sessions) == ROWS, rep
        assert all(s.status == HELD and len(s.commitments) == 1 for s in sessions)
        assert sorted(s.notes for s in sessions) == sorted(f"{rep} {i}" for i in range(ROWS))
    assert len(store.list_scenarios()) == ROWS * len(reps)


def test_threads_sharing_a_store_lose_nothing(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'threads.db'}")
    reps = ["Ann", "Bo", "Cy", "Di"]
    errors: list[BaseException] = []
    threads = [threading.Thread(target=_write_rows, args=(store, rep, errors)) for rep in reps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    _assert_all_rows_present(store, reps)


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'processes.db'}"
    reps = ["Process A", "Process B"]
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, url, rep, str(ROWS)],
            cwd=REPO_ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for rep in reps
    ]
    for worker in workers:
        _, stderr = worker.communicate(timeout=120)
        assert worker.returncode == 0, stderr
    _assert_all_rows_present(Store(url), reps)
