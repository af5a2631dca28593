"""How much of a rep's pipeline sits in the best-fit profile, against the team, and which segment to shift.

"18% of your pipeline is in the best-fit profile vs 41% for the team; it wins
46% vs 24%": the profile itself comes from the ideal-profile step; this module
only needs to know which deals are in it (a boolean per deal), so it can be
tested, and used, without running the clustering.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import pandas as pd

from planner.coaching.deals import SEGMENT, Deals
from planner.coaching.significance import Evidence, compare_rate
from planner.schema import LOST, OPEN, WON, Account, Opportunity

if TYPE_CHECKING:
    from planner.icp.result import IcpResult

# A segment's win rate is trusted for a shift suggestion only on this many closed deals.
MIN_SEGMENT_DEALS: Final = 30
# A shift is suggested only between segments whose win rates differ by at least this much.
MIN_SHIFT_GAP: Final = 0.05
# ... and only for segments whose share of the rep's open deals differs from the team's by this much.
MIN_SHARE_GAP: Final = 0.03


@dataclass(frozen=True, eq=False)
class BestProfile:
    """The best-fit profile as plain inputs: its name and which deals (and how alike accounts) belong."""

    name: str
    deal_mask: pd.Series  # bool, indexed like the opportunities
    win_rate: float | None = None
    overall_win_rate: float | None = None
    account_similarity: pd.Series | None = None  # in [0, 1], indexed like the accounts


@dataclass(frozen=True)
class SegmentShift:
    """One segment's place in the rep's open pipeline against the team's, and how it wins."""

    segment: str
    rep_share: float
    team_share: float
    win_rate: float
    closed_deals: int


@dataclass(frozen=True)
class FitGap:
    """The rep's best-profile share of open deals against the team's, and the segment shift to coach."""

    profile: str
    rep_open: int
    rep_in_profile: int
    rep_share: float
    team_share: float
    profile_win_rate: float
    overall_win_rate: float
    evidence: Evidence  # is the rep's share significantly below the team's?
    shift_from: SegmentShift | None
    shift_to: SegmentShift | None
    team_label: str = "the team"

    @property
    def missing_deals(self) -> float:
        """Best-profile deals the rep would have at the team's share."""
        return max(self.rep_open * self.team_share - self.rep_in_profile, 0.0)


def fit_gap(
    deals: Deals,
    rep: str,
    profile: BestProfile,
    *,
    peers: Sequence[str] | None = None,
    team_label: str = "the team",
) -> FitGap | None:
    """Compare the rep's open pipeline with the team's on the best profile; ``None`` without open deals.

    ``peers`` narrows "the team" to the rep's own team (same manager): a profile tied to a region
    (Northeast, say) is out of reach for a rep selling elsewhere, and the manager compares a rep
    with the colleagues working the same kind of territory.
    """
    table = deals.table
    in_best = profile.deal_mask.reindex(table.index, fill_value=False).astype(bool)
    mine = deals.of(rep).index
    others = deals.peers(rep, peers).index
    is_open = table[Opportunity.OUTCOME] == OPEN
    rep_open = table.index.isin(mine) & is_open
    team_open = table.index.isin(others) & is_open
    if not rep_open.any() or not team_open.any():
        return None
    k, n = int((in_best & rep_open).sum()), int(rep_open.sum())
    team_share = float(in_best[team_open].mean())
    closed = table[Opportunity.OUTCOME].isin([WON, LOST])
    won = table[Opportunity.OUTCOME] == WON
    profile_rate = profile.win_rate
    if profile_rate is None:
        profile_rate = float(won[closed & in_best].mean()) if (closed & in_best).any() else float("nan")
    overall_rate = profile.overall_win_rate
    if overall_rate is None:
        overall_rate = float(won[closed].mean()) if closed.any() else float("nan")
    shift_from, shift_to = segment_shift(deals, rep, overall_rate, peers=peers)
    return FitGap(
        profile=profile.name,
        rep_open=n,
        rep_in_profile=k,
        rep_share=k / n,
        team_share=team_share,
        profile_win_rate=profile_rate,
        overall_win_rate=overall_rate,
        evidence=compare_rate(k, n, team_share, comparisons=deals.team_size, higher=False),
        shift_from=shift_from,
        shift_to=shift_to,
        team_label=team_label,
    )


def segment_shift(
    deals: Deals, rep: str, overall_win_rate: float, *, peers: Sequence[str] | None = None
) -> tuple[SegmentShift | None, SegmentShift | None]:
    """The segment the rep over-weights that wins below average, and an under-weighted one winning above."""
    table = deals.table
    closed = table[table[Opportunity.OUTCOME].isin([WON, LOST])]
    wins = closed.groupby(SEGMENT)[Opportunity.OUTCOME].agg(lambda s: float((s == WON).mean()))
    counts = closed.groupby(SEGMENT).size()

    def open_shares(frame: pd.DataFrame) -> pd.Series:
        return frame.loc[frame[Opportunity.OUTCOME] == OPEN, SEGMENT].value_counts(normalize=True)

    rep_share = open_shares(deals.of(rep))
    team_share = open_shares(deals.peers(rep, peers))
    trusted = counts[counts >= MIN_SEGMENT_DEALS].index
    frame = pd.DataFrame({"rep": rep_share, "team": team_share}).fillna(0.0).reindex(trusted).dropna()
    frame["win_rate"] = wins.reindex(frame.index)
    frame["gap"] = frame["rep"] - frame["team"]
    over = frame[(frame["gap"] >= MIN_SHARE_GAP) & (frame["win_rate"] < overall_win_rate)]
    under = frame[(frame["gap"] <= -MIN_SHARE_GAP) & (frame["win_rate"] > overall_win_rate)]

    def pick(rows: pd.DataFrame, label: Any) -> SegmentShift:
        row = rows.loc[label]
        return SegmentShift(
            str(label), float(row["rep"]), float(row["team"]), float(row["win_rate"]), int(counts[label])
        )

    if over.empty or under.empty:
        return None, None
    source = pick(over, over["gap"].idxmax())
    target = pick(under, under["gap"].idxmin())
    if target.win_rate - source.win_rate < MIN_SHIFT_GAP:
        return None, None
    return source, target


def profile_deal_mask(
    opportunities: pd.DataFrame,
    accounts: pd.DataFrame,
    defining: Iterable[tuple[str, Iterable[str]]],
    ranges: Iterable[tuple[str, float | None, float | None]] = (),
) -> pd.Series:
    """Deals whose account (or the deal itself) matches every defining value and range of a profile.

    ``defining`` lists (column, allowed values); ``ranges`` (column, low, high).
    Columns are looked up on the deal first, then on its account. A deal
    with an unknown value for a defining attribute does not match: a profile
    claim needs the attribute to be known.
    """
    account_cols = accounts.drop_duplicates(Account.ID).set_index(Account.ID)
    mask = np.ones(len(opportunities), dtype=bool)

    def column(name: str) -> pd.Series:
        if name in opportunities and opportunities[name].notna().any():
            return opportunities[name]
        if name in account_cols:
            return opportunities[Opportunity.ACCOUNT_ID].map(account_cols[name])
        return pd.Series(pd.NA, index=opportunities.index)

    for name, values in defining:
        allowed = {str(v) for v in values}
        mask &= column(name).astype("string").isin(allowed).fillna(False).to_numpy(dtype=bool)
    for name, low, high in ranges:
        numbers = pd.to_numeric(column(name), errors="coerce").astype("float64")
        inside = numbers.notna()
        if low is not None:
            inside &= numbers >= low
        if high is not None:
            inside &= numbers <= high
        mask &= inside.to_numpy(dtype=bool)
    return pd.Series(mask, index=opportunities.index, name="in_best_profile")


def best_profile_from_icp(
    result: IcpResult, opportunities: pd.DataFrame, accounts: pd.DataFrame
) -> BestProfile:
    """The ideal-profile step's best cluster as plain inputs: its card, deal membership, similarity.

    A deal is in the profile when it matches every defining value of the card
    and every defining range of an *account* attribute (ranges of deal outcomes
    such as amount or cycle time cannot be known for open deals).
    """
    best = result.best
    deal_columns = set(opportunities.columns) - {Opportunity.ACCOUNT_ID}
    ranges = [
        (r.attribute, r.low, r.high)
        for r in best.ranges
        if r.defining and r.attribute in accounts.columns and r.attribute not in deal_columns
    ]
    mask = profile_deal_mask(
        opportunities, accounts, [(d.attribute, d.values) for d in best.defining], ranges
    )
    return BestProfile(
        name=best.name,
        deal_mask=mask,
        win_rate=best.win_rate,
        overall_win_rate=result.overall.win_rate,
        account_similarity=result.lookalike(accounts),
    )
