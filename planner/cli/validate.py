"""``planner validate``: read an export and say whether it is usable, how it was mapped and what was wrong.

Exit 0 when the data is usable (problems are listed, rows set aside are
counted); exit 2 with one line on stderr when it is not.
"""

from __future__ import annotations

import argparse

from planner.cli.common import add_data_arguments, add_json_argument, load_workspace, print_json
from planner.formatting import count
from planner.ingest import WARNING, IngestReport
from planner.serialize import to_jsonable


def add_parser(subparsers: argparse._SubParsersAction, summary: str) -> None:
    parser = subparsers.add_parser(
        "validate",
        help=summary,
        description="Read the files of a CRM export (or --demo), map their columns and report every problem.",
    )
    add_data_arguments(parser)
    add_json_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    workspace = load_workspace(args)
    report = workspace.report
    assert isinstance(report, IngestReport)  # every workspace built from files carries its ingest report
    if args.json:
        print_json({"label": workspace.label, "version": workspace.version, **_as_dict(report)})
        return 0
    print(f"{workspace.label}: usable (version {workspace.version})")
    print("\nRows")
    for line in report.summary_lines():
        print(f"  {line}")
    print("\nColumn mapping (canonical <- your column)")
    for line in report.mapping_lines():
        print(f"  {line}")
    warnings = [p for p in report.problems if p.level == WARNING]
    notes = [p for p in report.problems if p.level != WARNING]
    print(f"\nProblems: {count(len(warnings), 'warning')}, {count(len(notes), 'note')}")
    for problem in [*warnings, *notes]:
        print(f"  {problem.level.upper():7} {problem.message()}")
    return 0


def _as_dict(report: IngestReport) -> dict:
    """The report's own JSON form plus each problem's one-line message, for scripts that just print it."""
    data = to_jsonable(report)
    for problem, entry in zip(report.problems, data["problems"], strict=True):
        entry["message"] = problem.message()
    return data
