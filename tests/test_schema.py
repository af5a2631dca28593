import pandas as pd
import pytest

from planner.schema import LOST, OPEN, WON, normalise_stage, segment_label, size_band


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Closed Won", WON),
        ("closed-won", WON),
        ("Won", WON),
        ("ClosedWon", WON),
        ("Closed Lost", LOST),
        ("Loss", LOST),
        ("closed_lost", LOST),
        ("Engaging", OPEN),
        ("Prospecting", OPEN),
        (None, OPEN),
        (float("nan"), OPEN),
    ],
)
def test_stage_names_normalise_to_outcomes(raw, expected):
    assert normalise_stage(raw) == expected


def test_size_bands_cover_edges_and_missing():
    bands = size_band(pd.Series([1, 49, 50, 999, 1000, 5000, None]))
    assert list(bands) == ["1-49", "1-49", "50-199", "200-999", "1,000-4,999", "5,000+", "Unknown"]


def test_segment_label_reads_industry_region_band():
    label = segment_label(pd.Series(["Retail"]), pd.Series([None]), pd.Series(["1-49"]))
    assert label.iloc[0] == "Retail | Unknown | 1-49"
