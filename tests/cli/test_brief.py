"""``planner brief`` and ``planner sessions`` end to end: files in, brief out, sessions in a tmp database."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from planner.cli import main
from planner.demo import STALLERS

STALLER, STALL_STAGE = next(iter(STALLERS.items()))


@pytest.fixture
def db(tmp_path, monkeypatch) -> str:
    monkeypatch.setenv("PLANNER_DATA_DIR", str(tmp_path / "data"))  # never the repo's var/
    monkeypatch.delenv("PLANNER_DATABASE_URL", raising=False)
    return f"sqlite:///{tmp_path / 'planner.db'}"


def test_demo_brief_as_html_file_with_previous_commitments(tmp_path, db, capsys):
    assert main(["sessions", "schedule", "--rep", STALLER.lower(), "--date", "2026-10-01", "--db", db]) == 0
    assert (
        main(
            ["sessions", "record", "1", "--notes", "Proposal review", "--commitment", "Call Acme", "--db", db]
        )
        == 0
    )
    out = tmp_path / "brief.html"
    code = main(
        ["brief", "--demo", "--rep", STALLER.upper(), "--format", "html", "--out", str(out), "--db", db]
    )
    assert code == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "@media print" in page
    assert f"The one thing to fix: {STALL_STAGE}." in page
    assert "Commitments from 01 Oct 2026" in page and "Call Acme" in page
    assert f"wrote {out}" in capsys.readouterr().out


def test_demo_team_view_json(capsys, db):
    assert main(["brief", "--demo", "--team", "--json"]) == 0
    team = json.loads(capsys.readouterr().out)
    first = team["reps"][: len(STALLERS)]
    assert {row["rep"]: row["stall_stage"] for row in first} == STALLERS
    assert all(row["intervention"] == "coaching" for row in first)


def test_team_view_as_csv(tmp_path, db, capsys):
    out = tmp_path / "team.csv"
    assert main(["brief", "--demo", "--team", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8-sig")
    header, first, *_ = text.splitlines()
    assert header.startswith("rep,manager,won,attainment,win_rate")
    assert first.split(",")[0] in STALLERS
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert (frame["gap_deals"].dropna() % 1 == 0).all(), "gaps in whole deals"
    assert (frame["win_rate"].dropna().round(3) == frame["win_rate"].dropna()).all(), "shares to 3 decimals"


def test_unknown_rep_is_exit_2_with_close_names(capsys, db):
    assert main(["brief", "--demo", "--rep", "Jasen Miler"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("planner brief:") and "Did you mean: Jason Miller" in err
    assert main(["brief", "--demo"]) == 2
    assert "--rep NAME" in capsys.readouterr().err


def test_maven_files_brief_in_markdown(maven_dir, capsys, db):
    code = main(
        [
            "brief",
            "--accounts",
            str(maven_dir / "accounts.csv"),
            "--opportunities",
            str(maven_dir / "sales_pipeline.csv"),
            "--reps",
            str(maven_dir / "sales_teams.csv"),
            "--rep",
            "darcel schlecht",
        ]
    )
    assert code == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("# Strategic coaching brief: Darcel Schlecht")
    assert "no stage-at-loss column" in markdown and "No quota" in markdown


def test_sessions_round_trip(db, capsys):
    assert main(["sessions", "list", "--db", db]) == 0
    assert "no sessions yet" in capsys.readouterr().out
    assert (
        main(
            [
                "sessions",
                "schedule",
                "--rep",
                "Ann Lee",
                "--date",
                "2025-12-01",
                "--manager",
                "Bo",
                "--db",
                db,
            ]
        )
        == 0
    )
    assert "#1 2025-12-01 Ann Lee with Bo [scheduled]" in capsys.readouterr().out
    args = ["sessions", "record", "1", "--notes", "Good talk", "--commitment", "Call X", "Drop Y", "--db", db]
    assert main([*args, "--due", "2026-12-15"]) == 0
    assert (
        main(["sessions", "commitment", "2", "--status", "dropped", "--note", "not a fit", "--db", db]) == 0
    )
    capsys.readouterr()
    assert main(["sessions", "list", "--rep", "ann lee", "--json", "--db", db]) == 0
    [session] = json.loads(capsys.readouterr().out)
    assert session["status"] == "held" and session["notes"] == "Good talk"
    assert [(c["text"], c["status"], c["due_date"]) for c in session["commitments"]] == [
        ("Call X", "open", "2026-12-15"),
        ("Drop Y", "dropped", "2026-12-15"),
    ]
    assert session["commitments"][1]["follow_up"] == "not a fit"


def test_sessions_bad_input_is_exit_2(db, capsys):
    assert main(["sessions", "schedule", "--rep", "Ann", "--date", "01/12/2026", "--db", db]) == 2
    assert "not a session date in YYYY-MM-DD form" in capsys.readouterr().err
    assert main(["sessions", "record", "7", "--notes", "x", "--db", db]) == 2
    assert "no coaching session with id 7" in capsys.readouterr().err
    coming = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    assert main(["sessions", "schedule", "--rep", "Ann", "--date", coming, "--db", db]) == 0
    capsys.readouterr()
    assert main(["sessions", "record", "1", "--notes", "x", "--db", db]) == 2
    assert "cannot be recorded as held yet" in capsys.readouterr().err
