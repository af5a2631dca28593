"""Win rates that are honest about sample size: Wilson intervals and empirical-Bayes shrinkage.

A cluster of 12 deals that won 9 shows 75%, but that says little. The Wilson
interval states the range the true rate plausibly lies in; shrinkage pulls each
cluster's rate towards the overall rate in proportion to how little evidence
it has, so a small lucky cluster cannot outrank a large, reliably good one.
"""

from __future__ import annotations

import numpy as np

# 95% two-sided normal quantile.
Z95 = 1.959963984540054
# Shrinkage of per-cluster deal size and cycle: worth this many deals at the overall value.
PRIOR_DEALS = 20.0
# The win-rate prior is never weaker than this many deals: a moment estimate from a handful of clusters
# is itself noisy, and with a weak prior 8 wins of 12 deals outranked 270 of 600 (45%).
MIN_PRIOR_DEALS = 30.0


def wilson_interval(wins: np.ndarray, n: np.ndarray, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of a binomial proportion (NaN where n is 0).

    Unlike the normal approximation it stays inside [0, 1] and behaves at 0%
    or 100% observed rates.
    """
    wins = np.asarray(wins, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = wins / n
        denominator = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denominator
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denominator
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def prior_strength(wins: np.ndarray, n: np.ndarray) -> float:
    """Beta-prior strength (in pseudo-deals) fitted by the method of moments across clusters.

    If the clusters' rates vary no more than binomial noise explains, the
    prior is strong (rates are shrunk almost to the mean); if they truly
    differ, it is weak. Bounded to [MIN_PRIOR_DEALS, 1e6] pseudo-deals.
    """
    wins = np.asarray(wins, dtype=float)
    n = np.asarray(n, dtype=float)
    keep = n > 0
    wins, n = wins[keep], n[keep]
    mean = wins.sum() / n.sum()
    if len(n) < 2 or mean in (0.0, 1.0):
        return 1e6
    rates = wins / n
    between = np.average((rates - mean) ** 2, weights=n)
    noise = np.average(mean * (1 - mean) / n, weights=n)
    true_variance = between - noise
    if true_variance <= 0:
        return 1e6
    return float(np.clip(mean * (1 - mean) / true_variance - 1, MIN_PRIOR_DEALS, 1e6))


def shrunk_rates(wins: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Posterior-mean win rate of each cluster under the fitted beta prior."""
    wins = np.asarray(wins, dtype=float)
    n = np.asarray(n, dtype=float)
    mean = wins.sum() / n.sum()
    strength = prior_strength(wins, n)
    return (wins + strength * mean) / (n + strength)


def shrunk_ratio(value: np.ndarray, count: np.ndarray, overall: float) -> np.ndarray:
    """``value / overall`` pulled towards 1 when it rests on few deals (1 where unknown)."""
    value = np.asarray(value, dtype=float)
    count = np.asarray(count, dtype=float)
    if not np.isfinite(overall) or overall <= 0:
        return np.ones_like(value)
    blended = (np.nan_to_num(value, nan=overall) * count + overall * PRIOR_DEALS) / (count + PRIOR_DEALS)
    return blended / overall
