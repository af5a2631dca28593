"""``planner validate``: human summary, JSON, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from planner.cli import main

ACCOUNTS = "Account Name,Sector,Employees\nAcme,Retail,10\nBeta,Retail,-3\nAcme,Retail,4\n"
DEALS = "Deal,Account,Stage,Amount\nD1,Acme,Closed Won,100\nD2,Nobody,Open,5\n"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "accounts.csv").write_text(ACCOUNTS)
    (tmp_path / "deals.csv").write_text(DEALS)
    return {"accounts": tmp_path / "accounts.csv", "opportunities": tmp_path / "deals.csv"}


def test_json_has_counts_mapping_and_problems(files, capsys) -> None:
    code = main(
        [
            "validate",
            "--accounts",
            str(files["accounts"]),
            "--opportunities",
            str(files["opportunities"]),
            "--json",
        ]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["usable"] is True
    assert data["tables"]["accounts"]["rows_kept"] == 2 and data["tables"]["accounts"]["rows_read"] == 3
    assert data["tables"]["accounts"]["mapping"]["industry"] == "Sector"
    assert data["tables"]["reps"]["derived"] is True
    duplicate = next(p for p in data["problems"] if "duplicate" in p["reason"])
    assert duplicate["rows"] == [4] and duplicate["action"] == "skipped" and duplicate["table"] == "accounts"
    assert any("account not in the accounts file" in p["message"] for p in data["problems"])


def test_human_summary(files, capsys) -> None:
    code = main(
        ["validate", "--accounts", str(files["accounts"]), "--opportunities", str(files["opportunities"])]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "accounts: 2 rows kept of 3 read" in out
    assert "industry <- 'Sector'" in out
    assert "negative value" in out and "row 3" in out


def test_map_override(files, capsys) -> None:
    args = ["validate", "--accounts", str(files["accounts"]), "--map", "accounts.industry=", "--json"]
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["tables"]["accounts"]["mapping"]["industry"] is None


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ([], "no data given"),
        (["--accounts", "missing.csv"], "cannot open the file"),
        (["--demo", "--accounts", "a.csv"], "either --demo or files"),
        (["--demo", "--map", "accounts.industry"], "TABLE.COLUMN=SOURCE"),
    ],
)
def test_unusable_input_exits_2_with_one_line(args, words, capsys) -> None:
    assert main(["validate", *args]) == 2
    captured = capsys.readouterr()
    assert words in captured.err
    assert captured.err.count("\n") == 1 and captured.err.startswith("planner validate: ")
    assert captured.out == ""


def test_missing_required_column_exits_2(tmp_path: Path, capsys) -> None:
    (tmp_path / "deals.csv").write_text("Deal,Value\nD1,5\n")
    assert main(["validate", "--opportunities", str(tmp_path / "deals.csv")]) == 2
    err = capsys.readouterr().err
    assert "Stage" in err and "Columns found: Deal, Value" in err


def test_demo_through_python_dash_m() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "planner", "validate", "--demo", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["label"] == "Demo data"
    assert data["tables"]["opportunities"]["rows_kept"] >= 15000
    assert data["tables"]["accounts"]["mapping"]["account_name"] == "Account Name"


def test_maven_files(maven_dir: Path, capsys) -> None:
    code = main(
        [
            "validate",
            "--accounts", str(maven_dir / "accounts.csv"),
            "--opportunities", str(maven_dir / "sales_pipeline.csv"),
            "--reps", str(maven_dir / "sales_teams.csv"),
        ]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert "opportunities: 8,800 rows kept of 8,800 read" in out
    assert "'technolgy' -> 'technology'" in out
