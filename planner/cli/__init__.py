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

# Each name is a module in this package exposing add_parser(subparsers) and run(args) -> int.
COMMANDS: tuple[str, ...] = ("validate", "score", "backtest", "icp", "brief", "sessions", "territories")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="planner",
        description="Strategic Account Planner: score accounts, find the ideal profile, plan territories, "
        "prepare coaching briefs.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"planner.cli.{name}")
        module.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except InputError as error:
        print(f"planner {args.command}: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
