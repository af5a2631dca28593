"""Segment roll-up: what a sales VP compares segments on, one row per industry x region x size band.

Accounts, customers and penetration (share of accounts already customers) come
from the scored accounts; win rate, average won deal and median cycle from the
closed deals; the segment score is the mean priority of its accounts, so it moves
with the user's weights like the account list does.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planner.schema import Account, Score, SegmentStats


def rollup(ranked: pd.DataFrame, market: pd.DataFrame, deal_stats: pd.DataFrame) -> pd.DataFrame:
    """One row per segment, best segment score first."""
    codes, segments = pd.factorize(ranked[Account.SEGMENT], sort=False)
    n = len(segments)

    def total(column: str) -> np.ndarray:
        values = pd.to_numeric(ranked[column], errors="coerce").fillna(0.0).to_numpy(dtype=float)
        return np.bincount(codes, weights=values, minlength=n)

    accounts = np.bincount(codes, minlength=n).astype(float)
    per_segment = pd.DataFrame(
        {
            Account.SEGMENT: segments.astype("string"),
            SegmentStats.CUSTOMERS: total(Score.CUSTOMER),
            SegmentStats.WHITESPACE: total(Score.WHITESPACE),
            SegmentStats.FIT: total(Score.FIT) / accounts,
            SegmentStats.SCORE: total(Score.PRIORITY) / accounts,
        }
    )
    per_segment[SegmentStats.PENETRATION] = per_segment[SegmentStats.CUSTOMERS] / accounts
    table = market.merge(per_segment, on=Account.SEGMENT, how="left")
    table = table.join(deal_stats, on=Account.SEGMENT)
    table[[SegmentStats.CLOSED, SegmentStats.WON]] = table[[SegmentStats.CLOSED, SegmentStats.WON]].fillna(
        0.0
    )
    if SegmentStats.REF_FIRMS in table.columns:
        table[SegmentStats.REF_SHARE] = table[SegmentStats.ACCOUNTS] / table[SegmentStats.REF_FIRMS]
    return table.sort_values(SegmentStats.SCORE, ascending=False, kind="stable").reset_index(drop=True)
