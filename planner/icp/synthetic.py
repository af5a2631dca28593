"""Closed deals with a planted winning segment, for tests and benchmarks that must know the right answer.

Most deals draw industry, region, size and product independently and win about
20% of the time. A planted segment (by default Healthcare, Northeast,
1,000-4,999 employees) makes up ``planted_share`` of the deals, wins about 50%,
with 1.5x bigger deals and 30% shorter cycles. A method that cannot find it
on this data would not find it in a CRM either.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.icp.features import IS_WON
from planner.schema import SIZE_BANDS, Account, Opportunity

INDUSTRIES = (
    "Healthcare",
    "Finance",
    "Retail",
    "Manufacturing",
    "Technology",
    "Education",
    "Energy",
    "Logistics",
)
REGIONS = ("Northeast", "Southeast", "Midwest", "Southwest", "West")
PRODUCTS = ("Core", "Analytics", "Platform", "Services")


@dataclass(frozen=True)
class PlantedSegment:
    industry: str = "Healthcare"
    region: str = "Northeast"
    size_band: str = "1,000-4,999"
    win_rate: float = 0.5
    base_win_rate: float = 0.2


def _employees_in(band: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    bounds = [b for b, _ in SIZE_BANDS] + [50_000]
    labels = [label for _, label in SIZE_BANDS]
    position = np.array([labels.index(b) for b in band])
    low = np.array(bounds)[position].clip(min=5)
    high = np.array(bounds)[position + 1]
    return np.exp(rng.uniform(np.log(low), np.log(high))).round()


def planted_deals(
    n: int, *, segment: PlantedSegment | None = None, planted_share: float = 0.12, seed: int = 0
) -> pd.DataFrame:
    """``n`` closed deals (canonical attribute columns plus ``is_won``) with one planted winning segment."""
    segment = segment or PlantedSegment()
    rng = np.random.default_rng(seed)
    bands = np.array([label for _, label in SIZE_BANDS])
    planted = rng.random(n) < planted_share
    industry = np.where(planted, segment.industry, rng.choice(INDUSTRIES, n))
    region = np.where(planted, segment.region, rng.choice(REGIONS, n))
    band = np.where(planted, segment.size_band, rng.choice(bands, n))
    # Deals that match the segment by chance are in it too.
    in_segment = (industry == segment.industry) & (region == segment.region) & (band == segment.size_band)
    employees = _employees_in(band, rng)
    revenue = employees * 150_000 * rng.lognormal(0, 0.4, n)
    amount = rng.lognormal(np.log(40_000), 0.5, n) * np.where(in_segment, 1.5, 1.0)
    cycle = rng.gamma(4, 18, n) * np.where(in_segment, 0.7, 1.0)
    won = rng.random(n) < np.where(in_segment, segment.win_rate, segment.base_win_rate)
    frame = pd.DataFrame(
        {
            Opportunity.ID: pd.array([f"D{i:07d}" for i in range(n)], dtype="string"),
            Account.INDUSTRY: pd.array(industry, dtype="string"),
            Account.REGION: pd.array(region, dtype="string"),
            Account.SIZE_BAND: pd.array(band, dtype="string"),
            Opportunity.PRODUCT: pd.array(rng.choice(PRODUCTS, n), dtype="string"),
            Account.EMPLOYEES: employees,
            Account.REVENUE: revenue,
            Opportunity.AMOUNT: amount.round(),
            Opportunity.CYCLE_DAYS: cycle.round(),
            IS_WON: won,
        }
    )
    # Honest gaps: some industries and headcounts unknown.
    frame.loc[rng.random(n) < 0.03, Account.INDUSTRY] = pd.NA
    frame.loc[rng.random(n) < 0.08, Account.EMPLOYEES] = np.nan
    return frame
