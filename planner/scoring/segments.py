"""Segment roll-up: what a sales VP compares segments on, one row per industry x region x size band.

Accounts, customers and penetration (share of accounts already customers) come
from the scored accounts; win rate, average won deal and median cycle from the
closed deals; the segment score is the mean priority of its accounts, so it moves
with the user's weights like the account list does.

A mean ranks a segment of two strong accounts above one of forty whose best ten
are the strongest in the book, which is not where a VP sends reps. Segments are
ranked instead by ``SegmentStats.TOP_SCORE``, everywhere (app, CLI, JSON): the mean
priority of a segment's ``TOP_ACCOUNTS`` best accounts, each missing place counted
as 0, so a segment leads only when it offers a full list of strong targets.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planner.schema import SIZE_BANDS, UNKNOWN, Account, Score, SegmentStats

TOP_ACCOUNTS = 10  # about the list of targets one rep works first


def top_mean(codes: np.ndarray, values: np.ndarray, groups: int, depth: int) -> np.ndarray:
    """Per group, the sum of its ``depth`` largest values over ``depth`` (a short group pads with 0).

    One sort by group then value serves every group at once, where a per-group ``nlargest``
    would loop in Python over hundreds of segments each time the weights move.
    """
    order = np.lexsort((-values, codes))
    grouped = codes[order]
    place = np.arange(len(order)) - np.searchsorted(grouped, grouped, side="left")
    kept = place < depth
    return np.bincount(grouped[kept], weights=values[order][kept], minlength=groups) / depth


def rollup(ranked: pd.DataFrame, market: pd.DataFrame, deal_stats: pd.DataFrame) -> pd.DataFrame:
    """One row per segment, best first by the mean priority of its best accounts (ties: more accounts)."""
    codes, segments = pd.factorize(ranked[Account.SEGMENT], sort=False)
    n = len(segments)

    def total(column: str) -> np.ndarray:
        values = pd.to_numeric(ranked[column], errors="coerce").fillna(0.0).to_numpy(dtype=float)
        return np.bincount(codes, weights=values, minlength=n)

    accounts = np.bincount(codes, minlength=n).astype(float)
    priority = pd.to_numeric(ranked[Score.PRIORITY], errors="coerce").fillna(0.0).to_numpy(dtype=float)
    per_segment = pd.DataFrame(
        {
            Account.SEGMENT: segments.astype("string"),
            SegmentStats.CUSTOMERS: total(Score.CUSTOMER),
            SegmentStats.WHITESPACE: total(Score.WHITESPACE),
            SegmentStats.FIT: total(Score.FIT) / accounts,
            SegmentStats.SCORE: np.bincount(codes, weights=priority, minlength=n) / accounts,
            SegmentStats.TOP_SCORE: top_mean(codes, priority, n, TOP_ACCOUNTS),
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
    order = [SegmentStats.TOP_SCORE, SegmentStats.ACCOUNTS]
    return table.sort_values(order, ascending=False, kind="stable").reset_index(drop=True)


# How each metric combines when segments are merged into a matrix cell.
_WON_VALUE, _SCORE_SUM = "_won_value", "_score_sum"  # scratch columns of the merge
_SUMMED = (SegmentStats.ACCOUNTS, SegmentStats.POTENTIAL, SegmentStats.WHITESPACE, SegmentStats.CUSTOMERS)
MATRIX_METRICS = (
    SegmentStats.WIN_RATE,
    SegmentStats.SCORE,
    SegmentStats.POTENTIAL,
    SegmentStats.WHITESPACE,
    SegmentStats.PENETRATION,
    SegmentStats.AVG_WON,
    SegmentStats.ACCOUNTS,
)


def matrix(segments: pd.DataFrame, metric: str, rows: str, columns: str) -> pd.DataFrame:
    """A rows x columns table of one metric (e.g. industry x size band), merging the other dimension right.

    Counts and dollars add up; win rate is won over closed deals, penetration customers
    over accounts, average won deal is won value over won deals, score the account-weighted mean.
    """
    frame = segments.assign(
        **{
            _WON_VALUE: segments[SegmentStats.AVG_WON].fillna(0.0) * segments[SegmentStats.WON],
            _SCORE_SUM: segments[SegmentStats.SCORE] * segments[SegmentStats.ACCOUNTS],
        }
    )
    grouped = frame.groupby([rows, columns], observed=True)
    totals = grouped[[*_SUMMED, SegmentStats.CLOSED, SegmentStats.WON, _WON_VALUE, _SCORE_SUM]].sum()
    derived = {
        SegmentStats.WIN_RATE: totals[SegmentStats.WON] / totals[SegmentStats.CLOSED].where(lambda v: v > 0),
        SegmentStats.PENETRATION: totals[SegmentStats.CUSTOMERS] / totals[SegmentStats.ACCOUNTS],
        SegmentStats.AVG_WON: totals[_WON_VALUE] / totals[SegmentStats.WON].where(lambda v: v > 0),
        SegmentStats.SCORE: totals[_SCORE_SUM] / totals[SegmentStats.ACCOUNTS],
    }
    values = derived[metric] if metric in derived else totals[metric]
    table = values.unstack(columns)
    if columns == Account.SIZE_BAND:
        order = [label for _, label in SIZE_BANDS] + [UNKNOWN]
        table = table.reindex(columns=[c for c in order if c in table.columns])
    return table
