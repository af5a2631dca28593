"""Would the same clusters and the same best profile come out of slightly different data?

Each bootstrap resample (deals drawn with replacement) is clustered again with
the same k; the new clusters are compared with the original ones by the
adjusted Rand index (1 = identical groupings, 0 = chance) and the new best
profile is compared with the original by its defining attribute values.
Runs on a sample so it stays cheap on a million deals.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score

from planner.icp.features import AttributeSet
from planner.icp.profiles import Outcomes, best_profile, profile_clusters

# Two best profiles are "the same" when their defining (attribute, value) sets overlap this much (Jaccard).
SAME_PROFILE = 0.5


@dataclass(frozen=True)
class Stability:
    """Bootstrap agreement of the clusters (ARI) and recurrence of the best profile."""

    resamples: int
    sample_size: int
    mean_ari: float
    min_ari: float
    best_profile_recurrence: float
    summary: str


def _jaccard(a: frozenset, b: frozenset) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def bootstrap_stability(
    X: np.ndarray,
    frame: pd.DataFrame,
    outcomes: Outcomes,
    reference: np.ndarray,
    reference_signature: frozenset[tuple[str, str]],
    attributes: AttributeSet,
    *,
    resamples: int = 10,
    random_state: int = 0,
) -> Stability:
    """Refit KMeans on ``resamples`` bootstrap draws of the rows of ``X`` and compare.

    ``reference`` holds the original cluster of each row of ``X``;
    ``reference_signature`` the original best profile's defining values.
    """
    k = int(reference.max()) + 1
    rng = np.random.default_rng(random_state)
    aris: list[float] = []
    recurrences: list[float] = []
    for b in range(resamples):
        draw = rng.choice(len(X), size=len(X), replace=True)
        model = KMeans(n_clusters=k, n_init=2, random_state=random_state + b + 1).fit(X[draw])
        labels = model.predict(X)
        aris.append(float(adjusted_rand_score(reference, labels)))
        profiles, overall = profile_clusters(frame, outcomes, labels, k, attributes)
        best = best_profile(profiles, overall).signature()
        recurrences.append(_jaccard(best, reference_signature) >= SAME_PROFILE)
    if not aris:
        nan = float("nan")
        return Stability(
            0, len(X), nan, nan, nan, "Stability was not checked (no bootstrap resamples asked)."
        )
    mean_ari = float(np.mean(aris))
    recurrence = float(np.mean(recurrences))
    verdict = "stable" if mean_ari >= 0.75 else "moderately stable" if mean_ari >= 0.5 else "unstable"
    return Stability(
        resamples=resamples,
        sample_size=len(X),
        mean_ari=mean_ari,
        min_ari=float(np.min(aris)),
        best_profile_recurrence=recurrence,
        summary=(
            f"Clusters are {verdict} (mean adjusted Rand index {mean_ari:.2f} over {resamples} bootstrap "
            f"refits of {len(X):,} deals); the best profile recurred in {recurrence:.0%} of them."
        ),
    )
