"""``planner`` itself: every command listed, only the chosen one imported."""

from __future__ import annotations

import subprocess
import sys

import pytest

from planner.cli import COMMANDS, build_parser, main


def test_help_lists_every_command(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    listing = capsys.readouterr().out
    for name, summary in COMMANDS.items():
        assert name in listing
        assert " ".join(summary.split()[:3]) in listing  # argparse wraps the rest


def test_full_parser_knows_every_command_arguments() -> None:
    parser = build_parser()
    args = parser.parse_args(["territories", "--demo", "--tolerance", "0.1"])
    assert args.tolerance == 0.1
    assert callable(args.run)


def test_a_command_imports_only_its_own_capability() -> None:
    """``planner validate`` must not pay for scikit-learn, OR-Tools or SQLAlchemy at start-up."""
    probe = (
        "import sys; from planner.cli import build_parser; build_parser('validate'); "
        "print(sorted(m for m in ('sklearn', 'ortools', 'sqlalchemy', 'scipy') if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


def test_unknown_command_is_refused(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["scroe", "--demo"])
    assert exit_.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
