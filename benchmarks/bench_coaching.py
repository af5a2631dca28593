"""Coaching and storage speed on the demo (24 reps, 18,000 deals), beside floors measured in the same run.

Prints: preparing the deal table, one brief, the team view (every rep), the same team view on a
10x larger synthetic team, and the store's write rate with two processes writing at once, beside
the floors of a bare pandas group-by of the deals and bare sqlite3 inserts.

Run: python benchmarks/bench_coaching.py
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from planner.coaching import coaching_inputs  # noqa: E402
from planner.workspace import Workspace  # noqa: E402
from tests.coaching.conftest import synthetic_team  # noqa: E402

ROWS_PER_PROCESS = 200
WRITER = textwrap.dedent(
    """
    import datetime as dt, sys
    from planner.storage import Store
    store = Store(sys.argv[1])
    for i in range(int(sys.argv[3])):
        session = store.schedule_session(sys.argv[2], dt.date(2026, 1, 1))
        store.record_session(session.id, "notes", ["commitment"])
    """
)


def timed(label: str, work, floor: float | None = None):
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    ratio = f"  ({seconds / floor:.1f}x the floor)" if floor else ""
    print(f"{label:<48} {seconds:8.3f} s{ratio}")
    return result, seconds


def main() -> None:
    workspace = Workspace.demo()
    opportunities = workspace.opportunities
    _, floor = timed(
        "floor: pandas group-by owner x outcome",
        lambda: opportunities.groupby(["owner", "outcome"], observed=True)["amount"].agg(["size", "sum"]),
    )
    inputs, _ = timed(
        "prepare deals + ideal profile (no resamples)", lambda: workspace.coaching(scored=None), floor
    )
    timed("one brief (Jason Miller)", lambda: inputs.brief("Jason Miller"), floor)
    team, _ = timed(f"team view ({len(inputs.names)} reps)", inputs.team, floor)
    print(f"  reps needing coaching / training / feedback: {team.needs()}")

    names = tuple(f"Rep {i:03d}" for i in range(240))
    accounts, big, reps = synthetic_team(reps=names, deals_per_rep=150, staller="Rep 007")
    big_inputs, _ = timed(
        f"prepare {len(big):,} synthetic deals", lambda: coaching_inputs(accounts, big, reps)
    )
    big_team, _ = timed(f"team view ({len(names)} reps)", big_inputs.team)
    found = big_team.reps.loc[big_team.reps["stall_stage"].notna(), "rep"].tolist()
    print(f"  reps flagged as stalling (planted: Rep 007): {found}")

    with tempfile.TemporaryDirectory() as folder:
        bare = Path(folder) / "bare.db"

        def bare_inserts() -> None:
            with sqlite3.connect(bare) as conn:
                conn.execute("create table t (rep text, notes text)")
                for i in range(2 * ROWS_PER_PROCESS):
                    conn.execute("insert into t values (?, ?)", ("rep", str(i)))
                    conn.commit()

        _, sql_floor = timed(f"floor: bare sqlite3, {2 * ROWS_PER_PROCESS} committed inserts", bare_inserts)
        url = f"sqlite:///{Path(folder) / 'store.db'}"

        def two_processes() -> None:
            workers = [
                subprocess.Popen(
                    [sys.executable, "-c", WRITER, url, rep, str(ROWS_PER_PROCESS)], cwd=REPO_ROOT
                )
                for rep in ("A", "B")
            ]
            for worker in workers:
                worker.wait()

        timed(f"store: 2 processes x {ROWS_PER_PROCESS} sessions recorded", two_processes, sql_floor)
        from planner.storage import Store

        sessions = Store(url).list_sessions()
        held = sum(len(s.commitments) for s in sessions)
        print(f"  sessions stored: {len(sessions)} of {2 * ROWS_PER_PROCESS}; commitments: {held}")


if __name__ == "__main__":
    main()
