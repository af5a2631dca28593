"""Cluster profiles, the PMF score and the choice of the best fit."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from planner.icp.features import IS_WON, AttributeSet, attribute_frame
from planner.icp.profiles import Outcomes, best_profile, profile_clusters, wins_at_least_average
from planner.schema import Account, Opportunity

ATTRIBUTES = AttributeSet((Account.INDUSTRY, Account.REGION), (Opportunity.AMOUNT,))


def _deals(groups: list[tuple[str, str, int, int, float, float]]) -> tuple[pd.DataFrame, np.ndarray]:
    """Deals from (industry, region, deals, wins, amount, cycle) groups; the label is the group."""
    rows, labels = [], []
    for label, (industry, region, n, wins, amount, cycle) in enumerate(groups):
        for i in range(n):
            rows.append(
                {
                    Account.INDUSTRY: industry,
                    Account.REGION: region,
                    Opportunity.AMOUNT: amount,
                    Opportunity.CYCLE_DAYS: cycle,
                    IS_WON: i < wins,
                }
            )
            labels.append(label)
    return pd.DataFrame(rows), np.array(labels)


def _profiles(groups):
    deals, labels = _deals(groups)
    frame = attribute_frame(deals, ATTRIBUTES)
    return profile_clusters(frame, Outcomes.of(deals), labels, len(groups), ATTRIBUTES)


def test_small_lucky_cluster_is_not_crowned() -> None:
    profiles, overall = _profiles(
        [
            ("Retail", "West", 12, 8, 10_000, 60),  # 67% on 12 deals
            ("Health", "East", 600, 270, 10_000, 60),  # 45% on 600 deals
            ("Energy", "South", 1_500, 300, 10_000, 60),  # 20%
        ]
    )
    small, large, _ = profiles
    assert small.win_rate > large.win_rate
    assert small.win_rate_low < large.win_rate_high  # the interval shows how little 12 deals say
    assert best_profile(profiles, overall).cluster == large.cluster


def test_below_average_clusters_are_not_crowned_however_big_their_deals() -> None:
    profiles, overall = _profiles(
        [
            ("Retail", "West", 800, 80, 400_000, 30),  # 10%: huge and fast, rarely won
            ("Health", "East", 800, 320, 10_000, 60),  # 40%
            ("Energy", "South", 800, 200, 10_000, 60),  # 25%
        ]
    )
    assert profiles[0].pmf_score > profiles[1].pmf_score  # velocity alone would crown it...
    assert best_profile(profiles, overall).cluster == 1  # ...but we lose it more than average


def test_profile_states_its_figures_and_defining_values() -> None:
    profiles, overall = _profiles(
        [("Health", "East", 400, 200, 20_000, 30), ("Energy", "South", 1_600, 320, 10_000, 60)]
    )
    health = profiles[0]
    assert (health.deals, health.won, health.lost) == (400, 200, 200)
    assert health.win_rate == 0.5 and health.lift == 0.5 / overall.win_rate
    assert health.average_won_deal == 20_000 and health.median_cycle_days == 30
    assert health.revenue_won == 200 * 20_000
    assert health.share_of_deals == 0.2
    assert [(d.attribute, d.values) for d in health.defining] == [
        (Account.INDUSTRY, ("Health",)),
        (Account.REGION, ("East",)),
    ]
    assert health.defining[0].share == 1.0 and health.defining[0].overall_share == 0.2
    assert re.fullmatch(
        r"Health, East; wins 50% \(\d\d-\d\d%\) vs 26% overall, \$20k average, 30 days", health.card
    )


def test_without_lost_deals_profiles_rank_by_volume_size_and_speed() -> None:
    profiles, overall = _profiles(
        [("Health", "East", 300, 300, 20_000, 30), ("Energy", "South", 100, 100, 10_000, 60)]
    )
    assert overall.win_rate is None
    assert all(p.win_rate is None and p.lift is None for p in profiles)
    assert best_profile(profiles, overall).cluster == 0
    assert "300 won deals (75% of all wins)" in profiles[0].card


def test_a_size_band_and_an_employee_range_do_not_name_size_twice() -> None:
    attributes = AttributeSet((Account.SIZE_BAND,), (Account.EMPLOYEES,))
    deals = pd.DataFrame(
        {
            Account.SIZE_BAND: ["5,000+"] * 300 + ["1-49"] * 900,
            Account.EMPLOYEES: np.r_[np.linspace(6_000, 12_000, 300), np.linspace(5, 45, 900)],
            Opportunity.AMOUNT: 10_000.0,
            Opportunity.CYCLE_DAYS: 60.0,
            IS_WON: np.r_[np.arange(300) < 150, np.arange(900) < 180],
        }
    )
    labels = np.r_[np.zeros(300, int), np.ones(900, int)]
    frame = attribute_frame(deals, attributes)
    big, _ = profile_clusters(frame, Outcomes.of(deals), labels, 2, attributes)[0]
    assert big.card.startswith("5,000+ employees; wins"), big.card
    assert next(r.phrase for r in big.ranges if r.attribute == Account.EMPLOYEES).endswith(" employees")


def test_clusters_that_lose_more_than_average_are_listed_after_those_that_win(demo_workspace) -> None:
    """On the demo a cluster of big deals winning 16% (vs 24%) had a higher PMF than ones winning 26%."""
    result = demo_workspace.ideal_profile()
    ranked = result.ranked()
    losing = [not wins_at_least_average(p, result.overall) for p in ranked]
    assert losing == sorted(losing) and any(losing), "those that lose more than average come last"
    assert [p.label for p in ranked] == result.cluster_table()["cluster"].tolist()
    assert ranked[0] == result.best
