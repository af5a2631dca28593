"""KMeans fitted on a sample, every row assigned, k chosen by a stated criterion or set by the user."""

from __future__ import annotations

import numpy as np

from planner.icp.clustering import DealClusterer


def _blobs(n: int = 3_000, centres: int = 4, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, centres, n)
    X = rng.normal(0, 0.3, (n, 3)) + np.eye(centres, 3)[truth] * 4 + (truth == 3)[:, None] * -4
    # Clusters differ in win rate, so the outcome-driven criterion has something to find.
    won = rng.random(n) < np.array([0.05, 0.35, 0.65, 0.95])[truth]
    return X.astype(np.float32), won


def test_same_seed_same_clusters() -> None:
    X, won = _blobs()
    a = DealClusterer(random_state=3).fit(X, won)
    b = DealClusterer(random_state=3).fit(X, won)
    assert a.n_clusters_ == b.n_clusters_
    assert np.array_equal(a.predict(X), b.predict(X))


def test_automatic_k_finds_the_groups_and_states_why() -> None:
    X, won = _blobs()
    model = DealClusterer(random_state=0).fit(X, won)
    assert model.n_clusters_ == 4
    assert set(model.separation_) == set(range(3, 11))
    assert "smallest k" in model.criterion_ and "separation" in model.criterion_
    # Outcomes chose k: the silhouette is computed for that k only, and quoted.
    assert set(model.silhouette_) == {4}
    assert f"silhouette at k = 4: {model.silhouette_[4]:.3f}" in model.criterion_


def test_single_outcome_falls_back_to_silhouette() -> None:
    X, _ = _blobs()
    model = DealClusterer(random_state=0).fit(X, np.ones(len(X), dtype=bool))
    assert model.separation_ == {}
    assert set(model.silhouette_) == set(range(3, 11))  # the silhouette chooses k: known for every k
    assert model.n_clusters_ == 4
    assert "silhouette" in model.criterion_


def test_user_k_is_honoured_and_capped_by_the_data() -> None:
    X, won = _blobs()
    assert DealClusterer(6).fit(X, won).n_clusters_ == 6
    tiny = DealClusterer(8).fit(X[:40], won[:40])
    assert tiny.n_clusters_ == 2  # 40 deals support at most 40 // 15 clusters
    assert "at most 2" in tiny.criterion_


def test_fit_on_a_sample_assigns_every_row_largest_cluster_first() -> None:
    X, won = _blobs(n=5_000)
    model = DealClusterer(4, sample_size=1_000).fit(X, won)
    assert len(model.sample_index_) == 1_000
    labels = model.predict(X)
    assert len(labels) == len(X)
    counts = np.bincount(model.sample_labels_)
    assert list(counts) == sorted(counts, reverse=True)
    # Assignment of the sample agrees with the labels learned on it.
    assert np.array_equal(labels[model.sample_index_], model.sample_labels_)
