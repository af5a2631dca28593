"""``planner sessions``: schedule strategic coaching sessions, record notes and commitments, follow them up.

Sessions live in the planner's database (``--db URL``, else ``$PLANNER_DATABASE_URL``,
else the SQLite file in the user data directory). Scheduling with data
(``--demo`` or files) checks the rep's name and stores the brief's agenda.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os

from planner.cli.common import add_data_arguments, add_json_argument, load_workspace, print_json
from planner.errors import InputError
from planner.storage import COMMITMENT_STATUSES, URL_ENV, CoachingSession, Store, database_url
from planner.storage.engine import DATABASE_FILE


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        help=f"database URL (default ${URL_ENV}, else the SQLite file {DATABASE_FILE} in the data directory)",
    )


def open_store(args: argparse.Namespace, *, only_if_present: bool = False) -> Store | None:
    """The store named by ``--db`` or the environment; with ``only_if_present``, ``None`` if never created.

    A brief reads past commitments but should not create a database as a side effect.
    """
    url = database_url(getattr(args, "db", None))
    if only_if_present and not args.db and not os.environ.get(URL_ENV):
        path = url.removeprefix("sqlite:///")
        if not os.path.exists(path):
            return None
    return Store(url)


def parse_date(text: str, what: str = "date") -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise InputError(f"'{text}' is not a {what} in YYYY-MM-DD form.") from error


def add_parser(subparsers: argparse._SubParsersAction, summary: str) -> None:
    parser = subparsers.add_parser(
        "sessions",
        help=summary,
        description="Strategic coaching sessions: schedule one (agenda from the brief when data is given), "
        "record what was agreed, mark commitments done or dropped, list the history.",
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    schedule = actions.add_parser("schedule", help="put a session in the calendar")
    schedule.add_argument("--rep", required=True, help="the rep (name, any case)")
    schedule.add_argument("--date", required=True, help="session date, YYYY-MM-DD")
    schedule.add_argument("--manager", help="who coaches (default: the rep's manager in the reps data)")
    schedule.add_argument("--agenda", help="agenda text (default: the brief's agenda when data is given)")
    add_data_arguments(schedule)
    add_db_argument(schedule)
    add_json_argument(schedule)
    schedule.set_defaults(run=run_schedule)

    listing = actions.add_parser("list", help="sessions with their commitments, oldest first")
    listing.add_argument("--rep", help="only this rep's sessions")
    add_db_argument(listing)
    add_json_argument(listing)
    listing.set_defaults(run=run_list)

    record = actions.add_parser("record", help="record notes and commitments after a session")
    record.add_argument("id", type=int, help="session id (see 'planner sessions list')")
    record.add_argument("--notes", required=True, help="what was discussed")
    record.add_argument("--commitment", nargs="+", default=[], metavar="TEXT", help="commitments agreed")
    record.add_argument("--due", help="due date of the commitments, YYYY-MM-DD")
    add_db_argument(record)
    add_json_argument(record)
    record.set_defaults(run=run_record)

    follow = actions.add_parser("commitment", help="mark a commitment done, dropped or open again")
    follow.add_argument("id", type=int, help="commitment id (see 'planner sessions list')")
    follow.add_argument("--status", required=True, choices=COMMITMENT_STATUSES)
    follow.add_argument("--note", help="what happened")
    add_db_argument(follow)
    add_json_argument(follow)
    follow.set_defaults(run=run_commitment)


def run_schedule(args: argparse.Namespace) -> int:
    when = parse_date(args.date, "session date")
    rep, manager, agenda = args.rep, args.manager, args.agenda
    store = open_store(args)
    assert store is not None
    if args.demo or args.accounts or args.opportunities:
        brief = load_workspace(args).brief(rep, store=store, session_date=when)
        rep = brief.rep
        manager = manager if manager is not None else brief.manager
        agenda = agenda if agenda is not None else brief.agenda_text()
    session = store.schedule_session(rep, when, manager=manager, agenda=agenda or "")
    _show([session], args.json)
    return 0


def run_list(args: argparse.Namespace) -> int:
    store = open_store(args)
    assert store is not None
    _show(store.list_sessions(args.rep), args.json)
    return 0


def run_record(args: argparse.Namespace) -> int:
    due = parse_date(args.due, "due date") if args.due else None
    store = open_store(args)
    assert store is not None
    held = store.record_session(args.id, args.notes, args.commitment, due_date=due, today=dt.date.today())
    _show([held], args.json)
    return 0


def run_commitment(args: argparse.Namespace) -> int:
    store = open_store(args)
    assert store is not None
    commitment = store.update_commitment(args.id, args.status, args.note)
    if args.json:
        print_json(commitment)
    else:
        print(f"commitment {commitment.id}: {commitment.status} - {commitment.text}")
    return 0


def _show(sessions: list[CoachingSession], as_json: bool) -> None:
    if as_json:
        print_json(sessions)
        return
    if not sessions:
        print("no sessions yet (schedule one with 'planner sessions schedule --rep NAME --date YYYY-MM-DD')")
    for s in sessions:
        manager = f" with {s.manager}" if s.manager else ""
        print(f"#{s.id} {s.scheduled_for:%Y-%m-%d} {s.rep}{manager} [{s.status}]")
        if s.notes:
            print(f"    notes: {s.notes}")
        for c in s.commitments:
            due = f" (due {c.due_date:%Y-%m-%d})" if c.due_date else ""
            follow = f" - {c.follow_up}" if c.follow_up else ""
            print(f"    commitment {c.id} [{c.status}]{due}: {c.text}{follow}")
