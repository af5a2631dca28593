"""``planner`` command line: one module per command, each with ``add_parser`` and ``run``.

Bad input (``InputError``) becomes one line on stderr and exit code 2, so
scripts can tell "your file is wrong" from "the tool crashed".
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from planner.errors import InputError

# Each name is a module in this package exposing add_parser(subparsers, summary) and run(args) -> int; the
# one-line summary is kept here so ``planner --help`` lists the commands without importing them.
COMMANDS: dict[str, str] = {
    "validate": "check a CRM export: row counts, column mapping, problems",
    "score": "score and tier accounts: potential, fit, market; priority with reasons",
    "backtest": "time-ordered backtest of the fit score: AUC, top-decile lift, calibration",
    "icp": "ideal customer profile: cluster closed deals, find the best product-market fit",
    "brief": "strategic coaching brief for a rep (SLED, from the data), or --team for the team view",
    "sessions": "schedule coaching sessions, record notes and commitments, follow them up",
    "territories": "territory plan: balance potential and workload across reps with the fewest moves",
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser with every command listed and ``command``'s arguments (all of them when None).

    A command imports its capability (scikit-learn, OR-Tools, SQLAlchemy...); importing only the
    one being run saves a second or more of start-up on every call.
    """
    parser = argparse.ArgumentParser(
        prog="planner",
        description="Strategic Account Planner: score accounts, find the ideal profile, plan territories, "
        "prepare coaching briefs.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, summary in COMMANDS.items():
        if command in (None, name):
            importlib.import_module(f"planner.cli.{name}").add_parser(subparsers, summary)
        else:
            subparsers.add_parser(name, help=summary)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    chosen = argv[0] if argv and argv[0] in COMMANDS else ""
    args = build_parser(chosen).parse_args(argv)
    try:
        return int(args.run(args))
    except InputError as error:
        print(f"planner {args.command}: {error.cli_text()}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
