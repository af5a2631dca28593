"""What each cluster of closed deals is, how well we do in it, and which is our best fit.

The PMF (product-market-fit) score is a relative sales velocity in which the
win rate leads::

    PMF = (shrunk win rate / overall win rate)
        x sqrt(shrunk average won deal / overall average won deal)
        x sqrt(overall median days-to-win / shrunk median days-to-win)

1.0 is an average deal. Win rate counts fully because fit means "they buy";
size and speed count by their square root, so a cluster of deals twice as big
needs 71% of the win rate to tie, and big-ticket deals we rarely win are not
crowned (with full velocity, a 16%-win enterprise cluster outranked a 45%-win
segment on the demo data). Every factor is shrunk towards the overall value in
proportion to how few deals support it (empirical-Bayes beta prior for the win
rate, a prior worth 20 deals for size and cycle), so a small lucky cluster is
not crowned on noise. A factor that cannot be measured (no amounts, no dates) is 1.
Only clusters whose shrunk win rate is at least the overall rate can be crowned.

With won deals only (no losses), a win rate cannot be estimated; the score
then ranks by relative volume of wins with the same size and speed factors,
and says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.formatting import interval, money, percent
from planner.icp.features import IS_WON, LOG_SCALED, AttributeSet
from planner.icp.winrate import shrunk_rates, shrunk_ratio, wilson_interval
from planner.icp.wording import attribute_label, range_phrase, values_phrase
from planner.schema import Account, Opportunity

# A value defines a cluster when it is this much more common there than overall...
MIN_LIFT = 1.25
# ...and the over-represented values of the attribute cover at least this share of the cluster.
MIN_COVER = 0.5
# Over-represented values are listed until they cover this share (at most MAX_VALUES of them).
TARGET_COVER = 0.6
MAX_VALUES = 3
# A numeric attribute defines a cluster when its median sits this many overall IQRs from the overall median.
MIN_SHIFT = 0.5

PMF_DEFINITION = (
    "PMF score = (shrunk win rate / overall) x sqrt(shrunk average won deal / overall) "
    "x sqrt(overall median days-to-win / shrunk median days-to-win); 1.0 = average deal. Each factor is "
    "shrunk towards the overall value by how few deals support it, so small clusters are not crowned on "
    "noise."
)
PMF_DEFINITION_WON_ONLY = (
    "PMF score (won deals only, no win rate) = (won deals / average per cluster) x sqrt(shrunk average won "
    "deal / overall) x sqrt(overall median days-to-win / shrunk median days-to-win); 1.0 = average cluster."
)
# Deal size and speed count by this power (win rate by 1).
SIZE_SPEED_POWER = 0.5


@dataclass(frozen=True)
class DefiningValues:
    """Values of one categorical attribute that are over-represented in a cluster."""

    attribute: str
    label: str
    values: tuple[str, ...]
    share: float
    overall_share: float
    lift: float
    phrase: str


@dataclass(frozen=True)
class NumericRange:
    """Interquartile range of a numeric attribute in a cluster, against the overall median."""

    attribute: str
    label: str
    low: float | None
    median: float | None
    high: float | None
    overall_median: float | None
    known_share: float
    defining: bool
    phrase: str


@dataclass(frozen=True)
class Outcomes:
    """What happened to each deal: won or not, amount and days to close (kept apart from the clustering
    attributes because an amount recorded only on won deals must not shape clusters yet is still revenue)."""

    won: np.ndarray
    amount: pd.Series
    cycle: pd.Series

    @classmethod
    def of(cls, deals: pd.DataFrame) -> Outcomes:
        def column(name: str) -> pd.Series:
            raw = deals[name] if name in deals else pd.Series(np.nan, index=deals.index)
            return pd.to_numeric(raw, errors="coerce").astype("float64").reset_index(drop=True)

        return cls(
            deals[IS_WON].to_numpy(dtype=bool), column(Opportunity.AMOUNT), column(Opportunity.CYCLE_DAYS)
        )

    def take(self, rows: np.ndarray) -> Outcomes:
        return Outcomes(
            self.won[rows],
            self.amount.iloc[rows].reset_index(drop=True),
            self.cycle.iloc[rows].reset_index(drop=True),
        )


@dataclass(frozen=True)
class Overall:
    """All closed deals together: the baseline every cluster is compared with."""

    deals: int
    won: int
    lost: int
    win_rate: float | None
    average_won_deal: float | None
    median_cycle_days: float | None
    revenue_won: float


@dataclass(frozen=True)
class ClusterProfile:
    """One cluster of closed deals described for a sales leader."""

    cluster: int
    name: str
    deals: int
    won: int
    lost: int
    share_of_deals: float
    win_rate: float | None
    win_rate_low: float | None
    win_rate_high: float | None
    shrunk_win_rate: float | None
    lift: float | None
    average_won_deal: float | None
    median_cycle_days: float | None
    revenue_won: float
    pmf_score: float
    beats_overall: bool
    defining: tuple[DefiningValues, ...]
    ranges: tuple[NumericRange, ...]
    card: str

    @property
    def number(self) -> int:
        """The cluster as people count it, from 1 ("#1"); ``cluster`` stays the model's 0-based label."""
        return self.cluster + 1

    @property
    def label(self) -> str:
        """How every face names the cluster: "#1"."""
        return f"#{self.number}"

    def signature(self) -> frozenset[tuple[str, str]]:
        """The (attribute, value) pairs that define it, to compare profiles across refits."""
        return frozenset((d.attribute, v) for d in self.defining for v in d.values)


def _median(values: pd.Series) -> float | None:
    known = values.dropna()
    return float(known.median()) if len(known) else None


def overall_stats(outcomes: Outcomes) -> Overall:
    won, amount, cycle = outcomes.won, outcomes.amount, outcomes.cycle
    n_won = int(won.sum())
    won_amount = amount[won].dropna()
    return Overall(
        deals=len(won),
        won=n_won,
        lost=len(won) - n_won,
        win_rate=n_won / len(won) if 0 < n_won < len(won) else None,
        average_won_deal=float(won_amount.mean()) if len(won_amount) else None,
        median_cycle_days=_median(cycle[won]),
        revenue_won=float(won_amount.sum()),
    )


def _defining_values(
    column: str, levels: np.ndarray, inside: np.ndarray, overall: np.ndarray
) -> DefiningValues | None:
    """Over-represented values of one attribute, given its value counts inside the cluster and overall."""
    if inside.sum() == 0:
        return None
    share_in = inside / inside.sum()
    share_all = overall / overall.sum()
    lift = np.divide(share_in, share_all, out=np.zeros_like(share_in), where=share_all > 0)
    chosen: list[int] = []
    cover = 0.0
    for i in np.argsort(-share_in, kind="stable"):
        if cover >= TARGET_COVER or len(chosen) == MAX_VALUES or share_in[i] == 0:
            break
        if lift[i] >= MIN_LIFT:
            chosen.append(int(i))
            cover += float(share_in[i])
    if cover < MIN_COVER:
        return None
    base = float(share_all[chosen].sum())
    values = tuple(str(levels[i]) for i in chosen)
    return DefiningValues(
        attribute=column,
        label=attribute_label(column),
        values=values,
        share=cover,
        overall_share=base,
        lift=cover / base,
        phrase=values_phrase(column, values),
    )


def _numeric_range(column: str, values: np.ndarray, in_cluster: np.ndarray) -> NumericRange:
    """Interquartile range inside the cluster; 'defining' when its median is far from the overall one.

    ``values`` come from :func:`attribute_frame`, where a zero size or amount is already missing.
    """
    known = ~np.isnan(values)
    inside = values[in_cluster & known]
    overall = values[known]
    overall_median = float(np.median(overall)) if len(overall) else None
    known_share = float(known[in_cluster].mean()) if in_cluster.any() else 0.0
    label = attribute_label(column)
    if len(inside) == 0 or overall_median is None:
        return NumericRange(column, label, None, None, None, overall_median, 0.0, False, "")
    low, median, high = (float(q) for q in np.quantile(inside, [0.25, 0.5, 0.75]))
    scale = np.log10 if column in LOG_SCALED else (lambda x: x)
    q1, q3 = np.quantile(overall, [0.25, 0.75])
    spread = float(scale(q3) - scale(q1)) or 1.0
    shift = float(scale(median) - scale(overall_median)) / spread
    return NumericRange(
        attribute=column,
        label=label,
        low=low,
        median=median,
        high=high,
        overall_median=overall_median,
        known_share=known_share,
        defining=abs(shift) >= MIN_SHIFT and known_share >= MIN_COVER,
        phrase=range_phrase(column, low, high),
    )


def _card(
    defining: tuple[DefiningValues, ...],
    ranges: tuple[NumericRange, ...],
    stats: dict[str, float | None],
    overall: Overall,
) -> tuple[str, str]:
    """(short name, one-sentence card) of a cluster."""
    parts = [d.phrase for d in defining]
    # The size band already says how big ("5,000+ employees"): the employee range would say it twice.
    banded = any(d.attribute == Account.SIZE_BAND for d in defining)
    said = {Opportunity.CYCLE_DAYS, *([Account.EMPLOYEES] if banded else [])}
    parts += [r.phrase for r in ranges if r.defining and r.attribute not in said]
    name = ", ".join(parts) if parts else "Mixed deals (no single attribute stands out)"
    facts = []
    if overall.win_rate is not None:
        facts.append(
            f"wins {percent(stats['win_rate'])} ({interval(stats['low'], stats['high'])}) "
            f"vs {percent(overall.win_rate)} overall"
        )
    else:
        facts.append(f"{int(stats['won'] or 0):,} won deals ({percent(stats['share_won'])} of all wins)")
    if stats["average"] is not None:
        facts.append(f"{money(stats['average'])} average")
    if stats["cycle"] is not None:
        facts.append(f"{stats['cycle']:.0f} days")
    return name, f"{name}; {', '.join(facts)}"


def profile_clusters(
    frame: pd.DataFrame,
    outcomes: Outcomes,
    labels: np.ndarray,
    n_clusters: int,
    attributes: AttributeSet,
) -> tuple[list[ClusterProfile], Overall]:
    """Profiles of every cluster (in cluster order) and the overall baseline.

    ``frame`` is :func:`planner.icp.features.attribute_frame` of the deals
    (positional index), ``outcomes`` what happened to each, ``labels`` the
    cluster of each deal.
    """
    won, amount, cycle = outcomes.won, outcomes.amount, outcomes.cycle
    overall = overall_stats(outcomes)
    clusters = np.arange(n_clusters)
    deals = np.bincount(labels, minlength=n_clusters)
    wins = np.bincount(labels, weights=won.astype(float), minlength=n_clusters)
    won_amount = amount.where(won)
    amount_known = np.bincount(labels, weights=won_amount.notna().to_numpy(float), minlength=n_clusters)
    revenue = np.bincount(labels, weights=won_amount.fillna(0).to_numpy(), minlength=n_clusters)
    with np.errstate(divide="ignore", invalid="ignore"):
        average = np.where(amount_known > 0, revenue / amount_known, np.nan)
    cycle_won = cycle.where(won)
    median_cycle = cycle_won.groupby(labels).median().reindex(clusters).to_numpy(float)
    cycle_known = np.bincount(labels, weights=cycle_won.notna().to_numpy(float), minlength=n_clusters)
    size_factor = shrunk_ratio(average, amount_known, overall.average_won_deal or np.nan) ** SIZE_SPEED_POWER
    cycle_ratio = shrunk_ratio(median_cycle, cycle_known, overall.median_cycle_days or np.nan)
    speed_factor = np.where(cycle_ratio > 0, 1 / cycle_ratio, 1.0) ** SIZE_SPEED_POWER
    if overall.win_rate is not None:
        rates = wins / np.maximum(deals, 1)
        low, high = wilson_interval(wins, deals)
        shrunk = shrunk_rates(wins, deals)
        pmf = shrunk / overall.win_rate * size_factor * speed_factor
    else:
        rates = low = high = shrunk = np.full(n_clusters, np.nan)
        volume = wins / max(overall.won / n_clusters, 1e-9)
        pmf = volume * size_factor * speed_factor
    tallies = {}
    for column in attributes.categorical:
        codes, levels = pd.factorize(frame[column])
        counts = np.bincount(labels * len(levels) + codes, minlength=n_clusters * len(levels))
        tallies[column] = (np.asarray(levels), counts.reshape(n_clusters, len(levels)).astype(float))
    numbers = {c: frame[c].to_numpy(dtype=float, na_value=np.nan) for c in attributes.numeric}
    profiles = []
    for c in clusters:
        in_cluster = labels == c
        defining = tuple(
            d
            for column, (levels, counts) in tallies.items()
            if (d := _defining_values(column, levels, counts[c], counts.sum(axis=0)))
        )
        ranges = tuple(_numeric_range(column, values, in_cluster) for column, values in numbers.items())
        stats = {
            "win_rate": rates[c],
            "low": low[c],
            "high": high[c],
            "won": wins[c],
            "share_won": wins[c] / max(overall.won, 1),
            "average": None if np.isnan(average[c]) else float(average[c]),
            "cycle": None if np.isnan(median_cycle[c]) else float(median_cycle[c]),
        }
        name, card = _card(defining, ranges, stats, overall)
        has_rate = overall.win_rate is not None and deals[c] > 0
        profiles.append(
            ClusterProfile(
                cluster=int(c),
                name=name,
                deals=int(deals[c]),
                won=int(wins[c]),
                lost=int(deals[c] - wins[c]),
                share_of_deals=float(deals[c] / len(labels)),
                win_rate=float(rates[c]) if has_rate else None,
                win_rate_low=float(low[c]) if has_rate else None,
                win_rate_high=float(high[c]) if has_rate else None,
                shrunk_win_rate=float(shrunk[c]) if has_rate else None,
                lift=float(rates[c] / overall.win_rate) if has_rate else None,
                average_won_deal=stats["average"],
                median_cycle_days=stats["cycle"],
                revenue_won=float(revenue[c]),
                pmf_score=float(pmf[c]),
                beats_overall=bool(has_rate and low[c] > overall.win_rate),
                defining=defining,
                ranges=ranges,
                card=card,
            )
        )
    return profiles, overall


def best_profile(profiles: list[ClusterProfile], overall: Overall) -> ClusterProfile:
    """The cluster with the highest PMF score (ties: the larger cluster) among those we win at least as
    often as average (shrunk rate): a kind of deal we lose more than usual is not our best fit, however
    big or fast (on Maven, fast deals with a below-average win rate otherwise topped the PMF ranking).
    Falls back to every cluster when none qualifies or there is no win rate."""
    eligible = [p for p in profiles if wins_at_least_average(p, overall)]
    return max(eligible or profiles, key=lambda p: (p.pmf_score, p.deals))


def wins_at_least_average(profile: ClusterProfile, overall: Overall) -> bool:
    """Whether the cluster may be crowned: its shrunk win rate is at least the overall one."""
    if overall.win_rate is None:
        return True
    return profile.shrunk_win_rate is not None and profile.shrunk_win_rate >= overall.win_rate
