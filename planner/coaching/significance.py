"""The guard that keeps a brief from telling a rep something that is only noise.

A rep with 5 lost deals, 3 of them at Proposal, shows 60% vs the team's 25%,
but that happens by chance often. A finding is reported as a gap only when

* it rests on at least ``MIN_DEALS`` deals,
* a one-sided binomial test against the team's rate gives p below ``ALPHA``
  divided by the number of comparisons in the family (Bonferroni). The family is
  every rep of the team times every stage (or other cut) compared, because a
  manager reads the team view, all reps at once: the chance that *anyone* in it
  is flagged by luck stays below 5%, and a rep's brief says exactly what the
  team view says. A real pattern (the demo's stallers: p below 1e-50) passes
  easily; a 3-sigma blip in one of 24 reps x 4 stages does not, and
* the difference is at least ``MIN_EXCESS`` (10 share points): a statistically
  clear but tiny gap is not worth a coaching session.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from scipy.stats import binomtest

MIN_DEALS: Final = 12
ALPHA: Final = 0.05
MIN_EXCESS: Final = 0.10


@dataclass(frozen=True)
class Evidence:
    """k of n deals of the rep vs a team rate, with the test's verdict."""

    k: int
    n: int
    team_rate: float
    p_value: float
    significant: bool
    comparisons: int = 1

    @property
    def rate(self) -> float:
        return self.k / self.n if self.n else float("nan")

    @property
    def excess(self) -> float:
        """Rep rate minus team rate (share points)."""
        return self.rate - self.team_rate if self.n else 0.0

    @property
    def excess_deals(self) -> float:
        """Deals beyond what the team rate would give: the common unit for comparing gaps."""
        return self.k - self.n * self.team_rate


def compare_rate(k: int, n: int, team_rate: float, *, comparisons: int = 1, higher: bool = True) -> Evidence:
    """Is the rep's rate k/n significantly above (``higher``) or below the team's rate?"""
    if n <= 0 or not 0 < team_rate < 1:
        return Evidence(k, n, team_rate, 1.0, False, comparisons)
    p_value = float(binomtest(k, n, team_rate, alternative="greater" if higher else "less").pvalue)
    gap = k / n - team_rate if higher else team_rate - k / n
    significant = n >= MIN_DEALS and p_value < ALPHA / max(comparisons, 1) and gap >= MIN_EXCESS
    return Evidence(k, n, team_rate, p_value, bool(significant), comparisons)


def verdict(evidence: Evidence) -> str:
    """Why a gap is, or is not, reported: the test that decided, in words with its numbers."""
    gap_points = abs(evidence.excess) * 100
    p_text = "p<0.001" if evidence.p_value < 0.001 else f"p={evidence.p_value:.3f}"
    if evidence.significant:
        return f"a clear gap of {gap_points:.0f} points ({p_text})"
    if evidence.n < MIN_DEALS:
        return f"too few deals ({evidence.n}, fewer than {MIN_DEALS}) to tell"
    threshold = ALPHA / max(evidence.comparisons, 1)
    if evidence.p_value >= threshold:
        many = evidence.comparisons > 1
        allowance = f" once {evidence.comparisons} rep-by-stage comparisons are allowed for" if many else ""
        return (
            f"a gap of {gap_points:.0f} points on {evidence.n} deals, within what chance gives{allowance} "
            f"(p={evidence.p_value:.2g}; needs p<{threshold:.2g})"
        )
    return (
        f"a gap of {gap_points:.0f} points ({p_text}), below the {MIN_EXCESS * 100:.0f} points worth coaching"
    )
