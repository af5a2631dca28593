"""Arguments and output shared by the commands, so every command reads data the same way."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from planner.errors import InputError
from planner.ingest import parse_override
from planner.serialize import dumps
from planner.workspace import Workspace


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


def mapping_overrides(entries: list[str]) -> dict[str, dict[str, str | None]]:
    """``--map accounts.industry=Sector`` entries as ``{"accounts": {"industry": "Sector"}}``."""
    overrides: dict[str, dict[str, str | None]] = {}
    for entry in entries:
        table, column, source = parse_override(entry)
        overrides.setdefault(table, {})[column] = source
    return overrides


def load_workspace(args: argparse.Namespace) -> Workspace:
    """The workspace every command works on: ``--demo`` or the export's files, with ``--map`` overrides."""
    overrides = mapping_overrides(getattr(args, "map", None) or [])
    files = {name: getattr(args, name, None) for name in ("accounts", "opportunities", "reps", "market")}
    given = {name: path for name, path in files.items() if path is not None}
    if args.demo:
        if given:
            raise InputError(f"use either --demo or files (--{next(iter(given))}), not both.")
        return Workspace.demo(overrides=overrides)
    if not (files["accounts"] or files["opportunities"]):
        raise InputError(
            "no data given.",
            hint="Pass --demo, or --accounts FILE and/or --opportunities FILE (optionally --reps FILE).",
        )
    return Workspace.from_files(**given, overrides=overrides)
