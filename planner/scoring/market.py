"""Market size per segment (industry x region x size band), inside the data and, where given, outside it.

Inside: how many accounts the segment holds and their summed potential. Outside:
an external reference (firms, employment, payroll per industry x US state, e.g. the
Census SUSB table shipped as ``data/market_reference_us.csv``), summed over the
states of each sales region. The market component of an account is the percentile
of its segment's summed potential, averaged with the percentile of the reference
employment of its industry x region when the reference covers it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from planner.errors import InputError
from planner.geo import US_STATES
from planner.schema import Account, Market, SegmentStats
from planner.scoring.priority import percentile_rank

_KEY = "_key"


def read_reference(path: str | Path) -> pd.DataFrame:
    """Load a market reference CSV with the canonical Market columns."""
    try:
        frame = pd.read_csv(path, dtype={Market.NAICS: "string"})
    except (OSError, ValueError) as error:
        raise InputError(f"cannot read the market reference: {error}", file=str(path)) from None
    missing = [c for c in (Market.INDUSTRY, Market.STATE, Market.FIRMS) if c not in frame.columns]
    if missing:
        raise InputError(
            f"market reference lacks columns {missing}; found {list(frame.columns)}",
            file=str(path),
            hint=f"Expected {Market.INDUSTRY}, {Market.STATE}, {Market.FIRMS}, {Market.EMPLOYMENT}.",
        )
    return frame


def _industry_region_key(industry: pd.Series, region: pd.Series) -> pd.Series:
    return industry.astype("string").str.strip().str.lower() + "|" + region.astype("string")


def reference_by_region(reference: pd.DataFrame) -> pd.DataFrame:
    """Reference firms and employment per industry x sales region (US states only)."""
    region = (
        reference[Market.STATE]
        .astype("string")
        .str.strip()
        .str.upper()
        .map({code: info[1] for code, info in US_STATES.items()})
    )
    frame = pd.DataFrame(
        {
            _KEY: _industry_region_key(reference[Market.INDUSTRY], region),
            SegmentStats.REF_FIRMS: pd.to_numeric(reference[Market.FIRMS], errors="coerce"),
            SegmentStats.REF_EMPLOYMENT: pd.to_numeric(
                reference.get(Market.EMPLOYMENT, pd.Series(np.nan, index=reference.index)), errors="coerce"
            ),
        }
    )
    return frame[region.notna().to_numpy()].groupby(_KEY, sort=False).sum(min_count=1)


def account_market(
    accounts: pd.DataFrame, potential: np.ndarray, reference: pd.DataFrame | None = None
) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """Per account: its segment's summed potential and the market percentile; plus the per-segment table.

    The table has one row per segment: accounts, summed potential and, when a
    reference is given, the reference firms/employment of its industry x region.
    """
    codes, segments = pd.factorize(accounts[Account.SEGMENT], sort=False)
    n_segments = len(segments)
    size = np.bincount(codes, minlength=n_segments).astype(float)
    total = np.bincount(codes, weights=potential, minlength=n_segments)
    # factorize numbers segments by first appearance: a segment starts where its code beats all before it.
    running_max = np.maximum.accumulate(codes) if len(codes) else codes
    first = np.flatnonzero(np.r_[True, codes[1:] > running_max[:-1]]) if len(codes) else codes
    table = pd.DataFrame(
        {
            Account.SEGMENT: segments.astype("string"),
            Account.INDUSTRY: accounts[Account.INDUSTRY].to_numpy()[first],
            Account.REGION: accounts[Account.REGION].to_numpy()[first],
            Account.SIZE_BAND: accounts[Account.SIZE_BAND].to_numpy()[first],
            SegmentStats.ACCOUNTS: size,
            SegmentStats.POTENTIAL: total,
        }
    )
    segment_pct = percentile_rank(np.log1p(total))
    market_pct = segment_pct
    if reference is not None and len(reference):
        by_region = reference_by_region(reference)
        keys = _industry_region_key(table[Account.INDUSTRY], table[Account.REGION])
        joined = by_region.reindex(keys.to_numpy())
        table[SegmentStats.REF_FIRMS] = joined[SegmentStats.REF_FIRMS].to_numpy()
        table[SegmentStats.REF_EMPLOYMENT] = joined[SegmentStats.REF_EMPLOYMENT].to_numpy()
        employment = table[SegmentStats.REF_EMPLOYMENT].to_numpy(dtype=float)
        covered = np.isfinite(employment)
        if covered.any():
            reference_pct = np.full(n_segments, np.nan)
            reference_pct[covered] = percentile_rank(employment[covered])
            market_pct = np.where(covered, (segment_pct + reference_pct) / 2.0, segment_pct)
    # Rank once more over accounts, so the component is a percentile of accounts like the other two.
    account_pct = percentile_rank(market_pct[codes])
    return total[codes], account_pct, table
