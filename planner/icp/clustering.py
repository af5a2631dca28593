"""KMeans on encoded deals: fit on a sample, assign every deal, pick k by outcome separation.

One-hot + scaled KMeans clusters a million rows in about a second per fit,
while k-prototypes or Gower distances only work on samples of 10-20k rows. So
the centres are learned on a seeded sample and every deal is then assigned to
its nearest centre, which keeps the whole pipeline linear in the number of deals.

Choosing k: the point of these clusters is to tell kinds of deals that win
apart from kinds that do not, so each candidate k is judged by the
**out-of-sample separation** of won from lost: cluster win rates are estimated on
one half of the sample and scored (log-loss gain over the overall rate) on the
other half, and vice versa. The smallest k that reaches ``share`` (90%) of the best
separation wins, because fewer clusters are easier to act on. Silhouette (how
distinct the clusters are as groups) did not work as the criterion: on one-hot
CRM attributes it falls steadily with k and picks 3 clusters that blur a
planted winning segment; it is still reported per k, and used when the deals
hold a single outcome (all won), where separation cannot be measured.
"""

from __future__ import annotations

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import pairwise_distances_argmin, silhouette_score
from threadpoolctl import threadpool_limits

# A cluster smaller than this many deals cannot say anything about win rates.
MIN_DEALS_PER_CLUSTER = 15
_CHUNK = 200_000


class DealClusterer:
    """KMeans with automatic k, fitted on a sample and applied to all rows.

    Parameters
    ----------
    n_clusters:
        Fixed number of clusters (the user's override); ``None`` chooses it.
    k_range:
        Smallest and largest k tried when choosing automatically.
    sample_size:
        Rows the centres are learned from (the rest are assigned).
    silhouette_size:
        Rows the silhouette of each candidate k is measured on.
    share:
        The criterion: the smallest k reaching this share of the best
        out-of-sample separation (or, with one outcome, of the best silhouette).
    random_state:
        Seed for the sample and KMeans; the same seed gives the same clusters.

    Learned: ``cluster_centers_`` (ordered largest cluster first), ``n_clusters_``,
    ``silhouette_`` and ``separation_`` (k -> score), ``sample_index_``,
    ``sample_labels_``, ``criterion_``.
    """

    def __init__(
        self,
        n_clusters: int | None = None,
        *,
        k_range: tuple[int, int] = (3, 10),
        sample_size: int = 20_000,
        silhouette_size: int = 3_000,
        share: float = 0.9,
        n_init: int = 3,
        random_state: int = 0,
    ):
        self.n_clusters = n_clusters
        self.k_range = k_range
        self.sample_size = sample_size
        self.silhouette_size = silhouette_size
        self.share = share
        self.n_init = n_init
        self.random_state = random_state

    def _kmeans(self, k: int, sample: np.ndarray) -> KMeans:
        return KMeans(n_clusters=k, n_init=self.n_init, random_state=self.random_state).fit(sample)

    def _largest_k(self, sample: np.ndarray) -> int:
        distinct = len(np.unique(sample, axis=0))
        return max(1, min(self.k_range[1], distinct, len(sample) // MIN_DEALS_PER_CLUSTER))

    def fit(self, X: np.ndarray, y: np.ndarray | None = None) -> DealClusterer:
        """Learn centres from a sample of ``X``; ``y`` (won = True) drives the choice of k when given.

        Single-threaded: on this shared 2-core machine KMeans' OpenMP threads spin-wait against other
        work and were measured 5-20x slower than one thread on the same fit.
        """
        with threadpool_limits(limits=1):
            return self._fit(X, y)

    def _fit(self, X: np.ndarray, y: np.ndarray | None) -> DealClusterer:
        rng = np.random.default_rng(self.random_state)
        n = len(X)
        index = np.sort(rng.choice(n, size=min(n, self.sample_size), replace=False))
        sample = X[index]
        largest = self._largest_k(sample)
        self.silhouette_: dict[int, float] = {}
        self.separation_: dict[int, float] = {}
        if self.n_clusters is not None:
            k = max(1, min(int(self.n_clusters), largest))
            self.criterion_ = f"k = {k} set by the user" + (
                f" (asked {self.n_clusters}, the data supports at most {largest})"
                if k != self.n_clusters
                else ""
            )
            model = self._kmeans(k, sample)
        else:
            outcome = None if y is None else np.asarray(y, dtype=bool)[index]
            k, model = self._choose_k(sample, outcome, largest, rng)
        labels = model.labels_
        counts = np.bincount(labels, minlength=k)
        order = np.argsort(-counts, kind="stable")
        self.cluster_centers_ = model.cluster_centers_[order]
        self.n_clusters_ = k
        self.sample_index_ = index
        self.sample_labels_ = np.argsort(order)[labels]
        return self

    def _choose_k(
        self, sample: np.ndarray, won: np.ndarray | None, largest: int, rng: np.random.Generator
    ) -> tuple[int, KMeans]:
        if largest < 2:
            self.criterion_ = "one cluster: the deals are too few or too alike to split"
            return 1, self._kmeans(1, sample)
        low = max(2, min(self.k_range[0], largest))
        probe = rng.choice(len(sample), size=min(len(sample), self.silhouette_size), replace=False)
        halves = rng.random(len(sample)) < 0.5
        by_outcome = won is not None and 0 < won.sum() < len(won)
        models: dict[int, KMeans] = {}
        for k in range(low, largest + 1):
            models[k] = self._kmeans(k, sample)
            if by_outcome and won is not None:
                self.separation_[k] = _separation(models[k].labels_, won, halves)
            else:
                self.silhouette_[k] = _silhouette(sample, models[k].labels_, probe)
        scores, what = (
            (self.separation_, "out-of-sample separation of won from lost")
            if by_outcome
            else (
                self.silhouette_,
                "silhouette (one outcome only)",
            )
        )
        best = max(scores.values())
        floor = best * self.share if best > 0 else best
        k = min(k for k, s in scores.items() if s >= floor)
        # Outcomes choose k; the silhouette (half the cost of the search) is then reported for k alone.
        self.silhouette_.setdefault(k, _silhouette(sample, models[k].labels_, probe))
        self.criterion_ = (
            f"k = {k}: the smallest k in {low}..{largest} reaching {self.share:.0%} of the best {what} "
            f"({scores[k]:.4f} vs best {best:.4f}); silhouette at k = {k}: {self.silhouette_[k]:.3f}"
        )
        return k, models[k]

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Nearest centre of each row, in chunks so a million rows stay in memory."""
        if len(X) == 0:
            return np.zeros(0, dtype=int)
        parts = [
            pairwise_distances_argmin(X[start : start + _CHUNK], self.cluster_centers_)
            for start in range(0, len(X), _CHUNK)
        ]
        return np.concatenate(parts)


def _silhouette(sample: np.ndarray, labels: np.ndarray, probe: np.ndarray) -> float:
    """Silhouette on the probe rows (-1 when they fall in one cluster)."""
    probed = labels[probe]
    return float(silhouette_score(sample[probe], probed)) if len(np.unique(probed)) > 1 else -1.0


def _separation(labels: np.ndarray, won: np.ndarray, halves: np.ndarray, prior: float = 5.0) -> float:
    """Log-loss gain (nats per deal) of per-cluster win rates over the overall rate, two-fold held out."""
    k = int(labels.max()) + 1
    gain = 0.0
    for train, test in ((halves, ~halves), (~halves, halves)):
        base = won[train].mean()
        if not 0 < base < 1 or not test.any():
            continue
        wins = np.bincount(labels[train], weights=won[train], minlength=k)
        counts = np.bincount(labels[train], minlength=k)
        rate = ((wins + prior * base) / (counts + prior))[labels[test]]
        outcome = won[test]
        clustered = np.where(outcome, np.log(rate), np.log1p(-rate)).mean()
        flat = np.where(outcome, np.log(base), np.log1p(-base)).mean()
        gain += (clustered - flat) / 2
    return float(gain)
