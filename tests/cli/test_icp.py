"""``planner icp`` on the demo, on files, and on bad input."""

from __future__ import annotations

import contextlib
import io
import json
import re

import pandas as pd
import pytest

from planner.cli import main
from planner.schema import Score


@pytest.fixture(scope="module")
def demo_json() -> dict:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(["icp", "--demo", "--json"]) == 0
    return json.loads(buffer.getvalue())


def test_json_gives_clusters_and_the_best_profile(demo_json: dict) -> None:
    best = demo_json["best"]
    assert "Healthcare" in best["card"] and "Northeast" in best["card"]
    assert best["win_rate_low"] < best["win_rate"] < best["win_rate_high"]
    assert best["lift"] > 1.5 and best["average_won_deal"] > 0 and best["median_cycle_days"] > 0
    assert len(demo_json["clusters"]) == demo_json["k"]
    assert demo_json["rules"]["agrees_with_best"] is True
    assert demo_json["stability"]["resamples"] == 10


def test_human_output_has_cards_rules_stability_and_prospects(capsys, tmp_path) -> None:
    out = tmp_path / "lookalikes.csv"
    assert main(["icp", "--demo", "--k", "5", "--lookalikes", "3", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert re.search(r"BEST FIT  #[1-5] Healthcare", text), "the best fit is named as on the page"
    numbers = sorted(int(n) for n in re.findall(r"^ [* ]  #(\d) \[", text, flags=re.MULTILINE))
    assert numbers == [1, 2, 3, 4, 5], "clusters are counted from 1, as people count"
    assert "Clusters: k = 5 set by the user" in text
    assert "IF " in text and "Stability: Clusters are" in text
    assert text.count("open deal(s)") == 3
    written = pd.read_csv(out)
    assert written[Score.LOOKALIKE].between(0, 1).all()
    assert written[Score.LOOKALIKE].is_monotonic_decreasing


def test_bad_k_and_missing_data_exit_2_with_one_line(capsys) -> None:
    assert main(["icp", "--demo", "--k", "0"]) == 2
    assert main(["icp"]) == 2
    errors = capsys.readouterr().err.strip().splitlines()
    assert errors[0] == "planner icp: --k must be at least 1 (got 0)."
    assert errors[1].startswith("planner icp: no data given.")
