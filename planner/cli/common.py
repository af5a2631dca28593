"""Arguments and output shared by the commands, so every command reads data the same way."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from planner.serialize import dumps


def add_data_arguments(parser: argparse.ArgumentParser, *, reps: bool = True) -> None:
    """``--demo`` or the files of an export, with optional column-mapping overrides."""
    group = parser.add_argument_group("data (files of a CRM export, or --demo)")
    group.add_argument("--demo", action="store_true", help="use the bundled demo dataset")
    group.add_argument("--accounts", type=Path, help="accounts CSV/XLSX")
    group.add_argument("--opportunities", type=Path, help="opportunities CSV/XLSX")
    if reps:
        group.add_argument("--reps", type=Path, help="reps CSV/XLSX")
    group.add_argument("--market", type=Path, help="optional market reference CSV")
    group.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="TABLE.COLUMN=SOURCE",
        help="override the automatic column mapping, e.g. accounts.industry='Sector'",
    )


def add_json_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def print_json(value: Any) -> None:
    sys.stdout.write(dumps(value) + "\n")
