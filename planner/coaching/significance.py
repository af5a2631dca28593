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

from planner.coaching.wording import gap_points, points

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


def evidence_rule() -> str:
    """The bar every reported gap clears, in plain words (the team view's caption)."""
    return (
        f"A gap is listed only when it is real, not chance: it rests on at least {MIN_DEALS} deals, is at "
        f"least {MIN_EXCESS * 100:.0f} points, and is clear enough that luck alone would flag anyone on the "
        f"team less than 1 time in {round(1 / ALPHA)}."
    )


# The same rule for readers who want the statistics (a tooltip, the About page).
METHOD: Final = (
    "Each rep's share (deals lost at a stage, open deals stuck there, won, in the best-fit profile) is "
    "compared with the team's by a one-sided binomial test at a 5% family-wise level, Bonferroni-"
    "corrected over every rep and stage compared."
)


def odds(p_value: float) -> str:
    """A p-value in words a sales manager reads: 'less than 1 time in 1,000', 'about 1 time in 8'.

    The p-value is how often luck alone would give a gap at least this large; the brief says it
    that way and leaves the statistics to the About page.
    """
    for limit in (0.001, 0.01, 0.05):
        if p_value < limit:
            return f"less than 1 time in {round(1 / limit):,}"
    if p_value >= 0.5:
        return "as often as not"
    return f"about 1 time in {round(1 / p_value):,}"


def verdict(evidence: Evidence, decimals: int = 0) -> str:
    """Why a gap is, or is not, reported, in plain words with its numbers (no p-values).

    The gap is the difference of the two shares as the sentence around it prints them (whole
    percents unless ``decimals`` says otherwise), so "23% vs 24%" is never followed by "0 points".
    """
    gap = points(abs(gap_points(evidence.rate, evidence.team_rate, decimals)), decimals)
    if evidence.significant:
        return (
            f"a real gap of {gap}, not chance: it rests on {evidence.n:,} deals and luck alone would "
            f"give it {odds(evidence.p_value)}"
        )
    if evidence.n < MIN_DEALS:
        return f"too few deals ({evidence.n}, fewer than {MIN_DEALS}) to tell"
    if evidence.p_value >= ALPHA / max(evidence.comparisons, 1):
        if evidence.comparisons > 1:
            return (
                f"a gap of {gap} on {evidence.n:,} deals, not clear enough to rule out luck "
                f"(the team view makes {evidence.comparisons:,} such comparisons)"
            )
        return (
            f"a gap of {gap} on {evidence.n:,} deals, not clear enough to rule out luck (luck alone "
            f"would give it {odds(evidence.p_value)})"
        )
    return f"a real gap of {gap}, but below the {MIN_EXCESS * 100:.0f} points worth coaching"
