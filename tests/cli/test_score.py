import json

import pandas as pd
import pytest

from planner.cli import main
from planner.schema import Account, Score
from planner.scoring.result import EXPORT_COLUMNS
from tests.scoring.crm_factory import make_accounts, make_opportunities


@pytest.fixture(scope="module")
def export_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    accounts = make_accounts(800, seed=5)
    accounts.loc[0, Account.NAME] = '=HYPERLINK("http://evil")'
    accounts.loc[1, Account.ID] = "000123"
    opportunities = make_opportunities(accounts, 2500, seed=6)
    accounts.drop(columns=[Account.SIZE_BAND, Account.SEGMENT]).to_csv(folder / "accounts.csv", index=False)
    opportunities.to_csv(folder / "opportunities.csv", index=False)
    return folder


def test_score_files_to_csv_and_json(export_files, tmp_path, capsys):
    out = tmp_path / "prioritised.csv"
    code = main(
        [
            "score",
            "--accounts",
            str(export_files / "accounts.csv"),
            "--opportunities",
            str(export_files / "opportunities.csv"),
            "--weights",
            "potential=0.5,fit=0.5",
            "--tiers",
            "top:20",
            "--no-lookalike",
            "--out",
            str(out),
            "--json",
        ]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["weights"] == "potential=0.5,fit=0.5,market=0" and data["tiers"] == "top:20"
    assert data["backtest"]["auc"] > 0.6 and data["backtest"]["reference_auc"] > 0.5
    assert len(data["backtest"]["calibration"]) == 10
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(out, dtype=str, encoding="utf-8-sig")
    assert list(frame.columns) == list(EXPORT_COLUMNS)
    assert len(frame) == 800
    priority = frame[Score.PRIORITY].astype(float)
    assert priority.is_monotonic_decreasing
    assert "000123" in set(frame[Account.ID])
    assert '\'=HYPERLINK("http://evil")' in set(frame[Account.NAME])
    assert frame[Score.REASONS].str.startswith("Strongest: ").all()


def test_score_demo_prints_a_readable_list(capsys):
    assert main(["score", "--demo", "--no-lookalike", "--no-backtest", "--top", "3"]) == 0
    text = capsys.readouterr().out
    assert "6,000 accounts scored, weighing 40% potential, 40% fit, 20% market" in text
    assert text.count("Strongest: ") == 3


@pytest.mark.parametrize(
    ("argument", "words"),
    [(["--weights", "fit=lots"], "not a number"), (["--tiers", "top:x"], "unknown tier rule")],
)
def test_bad_options_exit_2_with_one_line(argument, words, capsys):
    assert main(["score", "--demo", *argument]) == 2
    error = capsys.readouterr().err
    assert words in error and error.count("\n") == 1


def test_backtest_command_json(capsys):
    assert main(["backtest", "--demo", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert 0.5 < data["auc"] < 1 and data["n_test"] > 1000
    assert data["split"].startswith("trained on deals closed up to")


def test_backtest_command_text_ends_its_figures_with_a_verdict(capsys):
    assert main(["backtest", "--demo"]) == 0
    out = capsys.readouterr().out
    assert "ROC AUC" in out and "of the time (a coin flip does 50%)" in out
