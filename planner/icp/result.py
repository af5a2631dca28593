"""The ideal-profile result: one dataclass whose JSON form the CLI prints and the app shows."""

from __future__ import annotations

from dataclasses import dataclass, fields

import pandas as pd

from planner.icp.lookalikes import LookalikeModel
from planner.icp.profiles import ClusterProfile, Overall, wins_at_least_average
from planner.icp.rules import RuleSummary
from planner.icp.stability import Stability
from planner.schema import Icp

# Profile fields that are not one number or word per cluster.
_NESTED = frozenset({"defining", "ranges", "card"})

# How each column of ``cluster_table`` reads: (label, kind), kind one of
# count, share, money, days, ratio, score, text, flag. Pages format by kind.
CLUSTER_COLUMNS: dict[str, tuple[str, str]] = {
    Icp.CLUSTER: ("Cluster", "text"),
    "name": ("Profile", "sentence"),
    "deals": ("Deals", "count"),
    "won": ("Won", "count"),
    "lost": ("Lost", "count"),
    "share_of_deals": ("Share of deals", "share"),
    "win_rate": ("Win rate", "share"),
    "win_rate_low": ("Win rate low", "share"),
    "win_rate_high": ("Win rate high", "share"),
    "shrunk_win_rate": ("Shrunk win rate", "share"),
    "lift": ("Lift", "ratio"),
    "average_won_deal": ("Average won deal", "money"),
    "median_cycle_days": ("Median days to win", "days"),
    "revenue_won": ("Revenue won", "money"),
    "pmf_score": ("PMF score", "score"),
    "beats_overall": ("Interval above overall", "flag"),
    Icp.BEST: ("Best fit", "flag"),
}


@dataclass(frozen=True)
class IcpResult:
    """Clusters of closed deals, the best product-market-fit profile, rules, stability, lookalike signature.

    ``win_rate_available`` is False when the deals hold one outcome only (all
    won, say); win rates, intervals and lifts are then ``None`` and the PMF
    score ranks by revenue won and speed instead (``pmf_definition`` says which).
    """

    clusters: tuple[ClusterProfile, ...]
    best: ClusterProfile
    overall: Overall
    win_rate_available: bool
    pmf_definition: str
    k: int
    k_criterion: str
    silhouette: dict[int, float]  # every k tried when it chose k, else the chosen k only
    separation: dict[int, float]
    attributes_used: tuple[str, ...]
    attributes_dropped: dict[str, str]
    column_weights: dict[str, float]
    rules: RuleSummary | None
    stability: Stability
    lookalike_model: LookalikeModel
    notes: tuple[str, ...]
    seed: int
    sample_size: int

    def lookalike(self, accounts: pd.DataFrame) -> pd.Series:
        """Similarity of each account to the best profile, in [0, 1], indexed like ``accounts``."""
        return self.lookalike_model.score(accounts)

    def ranked(self) -> list[ClusterProfile]:
        """The clusters in the order every face lists them: those that win at least as often as average
        (the ones that may be crowned, the best first) by PMF score, then the others by PMF score, so a
        cluster of big deals that loses more than average never sits above ones that win."""
        return sorted(
            self.clusters,
            key=lambda p: (not wins_at_least_average(p, self.overall), -p.pmf_score, -p.deals),
        )

    def cluster_table(self) -> pd.DataFrame:
        """One row per cluster (the profile's scalar fields) in ``ranked`` order, best profile marked.

        The cluster column holds its label ("#1"), the name the chart and the cards use, not the
        model's 0-based id. ``CLUSTER_COLUMNS`` gives each column's label and kind for display.
        """
        scalar = [f.name for f in fields(ClusterProfile) if f.name not in _NESTED]
        ranked = self.ranked()
        table = pd.DataFrame([{name: getattr(p, name) for name in scalar} for p in ranked])
        table[Icp.BEST] = table[Icp.CLUSTER] == self.best.cluster
        table[Icp.CLUSTER] = [p.label for p in ranked]
        return table
