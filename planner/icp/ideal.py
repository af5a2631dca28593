"""From closed deals to the ideal-profile result: the steps in order, nothing else.

1. Leave out attributes that record the outcome (``leakage``) and say so.
2. Weight attributes by how much they tell won from lost (``weighting``).
3. Encode (``features``), cluster on a sample with automatic k and assign every deal (``clustering``).
4. Profile each cluster and crown the best PMF score (``profiles``).
5. Check with a shallow tree (``rules``) and bootstrap refits (``stability``).
6. Keep the best profile's account signature for lookalike scoring (``lookalikes``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from planner.errors import InputError
from planner.formatting import interval, percent
from planner.icp.clustering import DealClusterer
from planner.icp.features import (
    OUTCOME_MEASURES,
    AttributeSet,
    DealEncoder,
    attribute_frame,
    categorical_values,
    closed_deals,
    numeric_values,
)
from planner.icp.leakage import outcome_leaks
from planner.icp.lookalikes import fit_lookalike
from planner.icp.profiles import (
    PMF_DEFINITION,
    PMF_DEFINITION_WON_ONLY,
    ClusterProfile,
    Outcomes,
    best_profile,
    profile_clusters,
)
from planner.icp.result import IcpResult
from planner.icp.rules import WinRules
from planner.icp.stability import bootstrap_stability
from planner.icp.weighting import outcome_weights
from planner.icp.wording import attribute_label
from planner.schema import Account

# Fewer closed deals than this cannot support clusters with win rates.
MIN_CLOSED_DEALS = 30
# The decision tree learns from at most this many deals (a sample beyond it).
RULES_SAMPLE = 100_000
# Bootstrap refits run on at most this many deals.
STABILITY_SAMPLE = 10_000


def ideal_profile(
    accounts: pd.DataFrame,
    opportunities: pd.DataFrame,
    *,
    k: int | None = None,
    seed: int = 0,
    stability_resamples: int = 10,
) -> IcpResult:
    """Best product-market-fit profile of a workspace's closed deals (see :func:`profile_deals`)."""
    deals, notes = closed_deals(accounts, opportunities)
    return profile_deals(deals, k=k, seed=seed, notes=notes, stability_resamples=stability_resamples)


def _check_outcomes(won: np.ndarray) -> list[str]:
    if len(won) < MIN_CLOSED_DEALS:
        raise InputError(
            f"only {len(won)} closed deals; at least {MIN_CLOSED_DEALS} are needed to find a profile.",
            hint="Include more history (won and lost opportunities).",
        )
    if not won.any():
        raise InputError(
            f"none of the {len(won):,} closed deals was won, so there is no winning profile to describe.",
            hint="Check the stage mapping: which stage means 'Closed Won' in your CRM?",
        )
    if won.all():
        return [
            f"All {len(won):,} closed deals are won: with no lost deals a win rate cannot be estimated. "
            "Profiles are ranked by revenue won (volume x deal size) and speed instead. Add lost deals "
            "(or leads that never converted) to rank by win rate."
        ]
    return []


def profile_deals(
    deals: pd.DataFrame,
    *,
    k: int | None = None,
    seed: int = 0,
    attributes: AttributeSet | None = None,
    notes: list[str] | tuple[str, ...] = (),
    sample_size: int = 20_000,
    stability_resamples: int = 10,
) -> IcpResult:
    """Cluster closed deals, profile the clusters and choose the best fit.

    ``deals`` has one row per closed deal: the attribute columns and ``is_won``
    (see :func:`planner.icp.features.closed_deals`, or an adapter for files
    without an accounts table). ``k`` overrides the automatic choice.

    Runs single-threaded: on this small, shared 2-core machine KMeans' OpenMP
    threads spin-wait against other work and were measured 5-20x slower than
    one thread on the same fit.
    """
    with threadpool_limits(limits=1):
        return _profile_deals(deals, k, seed, attributes, list(notes), sample_size, stability_resamples)


def _profile_deals(
    deals: pd.DataFrame,
    k: int | None,
    seed: int,
    attributes: AttributeSet | None,
    notes: list[str],
    sample_size: int,
    stability_resamples: int,
) -> IcpResult:
    deals = deals.reset_index(drop=True)
    outcomes = Outcomes.of(deals)
    notes = [*notes, *_check_outcomes(outcomes.won)]
    leaks = outcome_leaks(deals, attributes or AttributeSet())
    candidates = AttributeSet(
        tuple(c for c in (attributes or AttributeSet()).categorical if c not in leaks),
        tuple(c for c in (attributes or AttributeSet()).numeric if c not in leaks),
    )
    candidates, doubled = _without_double_counted_size(deals, candidates)
    rng = np.random.default_rng(seed)
    sample = np.sort(rng.choice(len(deals), size=min(len(deals), sample_size), replace=False))
    weights = outcome_weights(deals.iloc[sample], candidates)
    encoder = DealEncoder(candidates, weights).fit(deals)
    dropped = {c: f"left out: it {reason}" for c, reason in (leaks | encoder.dropped_).items()}
    dropped |= {c: f"left out of the clustering: {reason}" for c, reason in doubled.items()}
    used = AttributeSet(
        tuple(c for c in candidates.categorical if c in encoder.used_),
        tuple(c for c in candidates.numeric if c in encoder.used_),
    )
    # Profiles and rules also read the attributes left out of the distances only to avoid double counting.
    described = AttributeSet(used.categorical, used.numeric + tuple(doubled))
    X = encoder.transform(deals)
    clusterer = DealClusterer(k, sample_size=sample_size, random_state=seed).fit(X, outcomes.won)
    labels = clusterer.predict(X)
    frame = attribute_frame(deals, described)
    profiles, overall = profile_clusters(frame, outcomes, labels, clusterer.n_clusters_, described)
    best = best_profile(profiles, overall)
    in_best = labels == best.cluster
    rules = None
    if overall.win_rate is not None:
        rows = sample if len(deals) > RULES_SAMPLE else np.arange(len(deals))
        buyer = AttributeSet(
            described.categorical, tuple(c for c in described.numeric if c not in OUTCOME_MEASURES)
        )
        rules = (
            WinRules(random_state=seed)
            .fit(frame.iloc[rows], outcomes.won[rows], buyer, in_best[rows], best.signature())
            .summary_
        )
    probe = np.sort(rng.choice(sample, size=min(len(sample), STABILITY_SAMPLE), replace=False))
    stability = bootstrap_stability(
        X[probe],
        frame.iloc[probe].reset_index(drop=True),
        outcomes.take(probe),
        labels[probe],
        best.signature(),
        described,
        resamples=stability_resamples,
        random_state=seed,
    )
    return IcpResult(
        clusters=tuple(profiles),
        best=best,
        overall=overall,
        win_rate_available=overall.win_rate is not None,
        pmf_definition=PMF_DEFINITION if overall.win_rate is not None else PMF_DEFINITION_WON_ONLY,
        k=clusterer.n_clusters_,
        k_criterion=clusterer.criterion_,
        silhouette=clusterer.silhouette_,
        separation=clusterer.separation_,
        attributes_used=used.all,
        attributes_dropped={attribute_label(c): reason for c, reason in dropped.items()},
        column_weights={c: round(w, 3) for c, w in weights.items()},
        rules=rules,
        stability=stability,
        lookalike_model=fit_lookalike(deals, in_best, used),
        notes=tuple(notes + _verdict_notes(best, overall.win_rate)),
        seed=seed,
        sample_size=len(sample),
    )


def _without_double_counted_size(
    deals: pd.DataFrame, kept: AttributeSet
) -> tuple[AttributeSet, dict[str, str]]:
    """Employees leave the clustering when the size band (derived from them) is there, so size counts once."""
    if Account.SIZE_BAND not in kept.categorical or Account.EMPLOYEES not in kept.numeric:
        return kept, {}
    if categorical_values(deals, Account.SIZE_BAND).nunique() < 2:
        return kept, {}
    if numeric_values(deals, Account.EMPLOYEES).nunique() < 2:
        return kept, {}
    numeric = tuple(c for c in kept.numeric if c != Account.EMPLOYEES)
    reason = "the size band, derived from it, already stands for company size"
    return AttributeSet(kept.categorical, numeric), {Account.EMPLOYEES: reason}


def _verdict_notes(best: ClusterProfile, overall_rate: float | None) -> list[str]:
    if overall_rate is None or best.beats_overall:
        return []
    return [
        f"The best profile's win rate interval ({interval(best.win_rate_low, best.win_rate_high)}) "
        f"overlaps the overall {percent(overall_rate)}: it is the best bet on this data, not a proven edge."
    ]
