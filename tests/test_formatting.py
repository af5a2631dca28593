"""Numbers as the briefs, notes and reports write them."""

from __future__ import annotations

from planner.formatting import count, money, percent


def test_count_agrees_with_its_noun_and_groups_thousands() -> None:
    assert count(1, "note") == "1 note"
    assert count(0, "note") == "0 notes"
    assert count(1627, "account") == "1,627 accounts"
    assert count(2, "opportunity", "opportunities") == "2 opportunities"


def test_money_and_percent_read_as_people_write_them() -> None:
    assert money(None) == percent(None) == "n/a"
    assert percent(0.236).endswith("%")


def test_a_share_reads_with_the_decimals_asked_for():
    assert percent(0.4134) == "41%" and percent(0.4134, decimals=1) == "41.3%"
    assert percent(float("nan"), decimals=1) == "n/a"
