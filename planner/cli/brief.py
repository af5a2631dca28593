"""``planner brief``: a strategic coaching brief for one rep (Markdown or printable HTML), or the team view.

The brief includes the previous session's commitments when a database is
given (``--db``, ``$PLANNER_DATABASE_URL``, or an existing default file).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from planner.cli.common import add_data_arguments, add_json_argument, load_workspace, print_json
from planner.cli.sessions import add_db_argument, open_store, parse_date
from planner.coaching import TeamCoaching, to_html, to_markdown
from planner.errors import InputError
from planner.export import write_csv
from planner.formatting import money, times
from planner.formatting import percent as pct


def add_parser(subparsers: argparse._SubParsersAction, summary: str) -> None:
    parser = subparsers.add_parser(
        "brief",
        help=summary,
        description="Write a strategic coaching brief for one rep: results vs quota and team, where deals "
        "stall, the best-fit gap, training vs coaching vs feedback, focus accounts, targets and questions.",
    )
    parser.add_argument("--rep", help="the rep (name, any case)")
    parser.add_argument("--team", action="store_true", help="the team view: every rep's biggest gap")
    parser.add_argument("--format", choices=("md", "html"), default="md", help="output format (default md)")
    parser.add_argument(
        "--out", type=Path, help="write to this file instead of printing (with --team, a .csv file gets CSV)"
    )
    parser.add_argument("--session-date", help="date of the session, YYYY-MM-DD (shown in the brief)")
    add_data_arguments(parser)
    add_db_argument(parser)
    add_json_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not args.rep and not args.team:
        raise InputError("say which rep: --rep NAME (or --team for the team view).")
    session_date = parse_date(args.session_date, "session date") if args.session_date else None
    workspace = load_workspace(args)
    if args.team:
        team = workspace.team_coaching()
        if args.json:
            print_json(team)
        elif args.out is not None and args.out.suffix.lower() == ".csv":
            write_csv(team.export(), args.out)
            print(f"wrote {args.out}")
        else:
            _emit(_team_text(team), args.out)
        return 0
    store = open_store(args, only_if_present=True)
    brief = workspace.brief(args.rep, store=store, session_date=session_date)
    if args.json:
        print_json(brief)
        return 0
    _emit(to_html(brief) if args.format == "html" else to_markdown(brief), args.out)
    return 0


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        print(text, end="")
        return
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}")


def _team_text(team: TeamCoaching) -> str:
    lines = [f"Team coaching view, 12 months to {team.as_of:%d %b %Y}; biggest gap first", ""]
    for row in team.reps.itertuples():
        gap = "no gap beyond chance"
        if pd.notna(row.biggest_gap):
            gap = f"{row.biggest_gap} -> {row.intervention} (about {row.gap_deals:.0f} deals)"
        attainment = f"{pct(row.attainment)} of quota, " if pd.notna(row.attainment) else ""
        lines.append(
            f"{row.rep:<24} {money(row.won):>7} won ({attainment}win rate {pct(row.win_rate)}, "
            f"coverage {times(row.coverage)})  {gap}"
        )
    needs = ", ".join(f"{k}: {v}" for k, v in team.needs().items()) or "none"
    lines += ["", f"Reps who most need each intervention: {needs}"]
    return "\n".join(lines) + "\n"
