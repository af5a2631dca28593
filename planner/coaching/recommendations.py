"""Training, coaching or feedback: which intervention fits the gap found.

The rule (after the usual sales-management distinction):

* **training** for a *skill gap across many deals*: the win rate is significantly
  below the team's and no single stage accounts for at least half of the
  shortfall (a general selling skill, not one step of the process);
* **coaching** for a *specific stage or segment pattern*: a significant stall at
  one stage (lost or stuck), or a pipeline significantly lighter than the
  team's in the best-fit profile;
* **feedback** for a *single behaviour*: too little pipeline for the quota
  (coverage more than 10% below both the 3x target and the team median; without quotas,
  open pipeline under half the team median): one habit, prospecting, to change.

Each gap is sized in deals beyond (or short of) the team norm, so gaps of
different kinds can be ranked; the largest is the one the session leads with.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

from planner.coaching.fit_gap import FitGap
from planner.coaching.performance import COVERAGE_TARGET, Performance
from planner.coaching.significance import verdict
from planner.coaching.stalls import LOST_SIGNAL, StallAnalysis, describe
from planner.coaching.wording import RATE_DECIMALS, YOU, Voice, rate
from planner.formatting import money, times
from planner.formatting import percent as pct

TRAINING: Final = "training"
COACHING: Final = "coaching"
FEEDBACK: Final = "feedback"
INTERVENTIONS: Final = (TRAINING, COACHING, FEEDBACK)

# Without quotas, open pipeline below this share of the team median counts as too little.
LOW_PIPELINE_SHARE: Final = 0.5
# Coverage within this share below the bar is not worth a session (2.95x against 3x is noise in a forecast).
COVERAGE_SLACK: Final = 0.1


@dataclass(frozen=True)
class Recommendation:
    """A gap, its evidence, the intervention the rule picks and what to do about it."""

    gap: str
    evidence: str
    intervention: str
    rule: str
    action: str
    deals: float  # size of the gap in deals beyond / short of the team norm


def recommend(
    performance: Performance, stalls: StallAnalysis, fit: FitGap | None, voice: Voice = YOU
) -> list[Recommendation]:
    """Every gap that passes its test, largest first; ``voice`` says whom the evidence is about."""
    found = [
        r
        for r in (
            _stall(stalls, voice),
            _fit(fit, voice),
            _win_rate(performance, stalls, voice),
            _coverage(performance, voice),
        )
        if r is not None
    ]
    return sorted(found, key=lambda r: r.deals, reverse=True)


def _stall(stalls: StallAnalysis, voice: Voice) -> Recommendation | None:
    finding = stalls.one_thing
    if finding is None:
        return None
    lost = finding.signal == LOST_SIGNAL
    action = (
        f"Review each open {finding.stage} deal together before it moves on: what must the buyer see to pass "
        f"{finding.stage}, and who else must agree?"
        if lost
        else f"Go through your {finding.evidence.k} deals older than {finding.team_median_age:.0f} days at "
        f"{finding.stage}: give each a dated next step with the buyer, or close it out."
    )
    return Recommendation(
        gap=f"Deals {'lost' if lost else 'stuck'} at {finding.stage}",
        evidence=describe(finding, voice),
        intervention=COACHING,
        rule="a pattern at one stage of the process -> coaching",
        action=action,
        deals=finding.evidence.excess_deals,
    )


def _fit(fit: FitGap | None, voice: Voice) -> Recommendation | None:
    if fit is None or not fit.evidence.significant or not fit.profile_win_rate > fit.overall_win_rate:
        return None
    shift = ""
    if fit.shift_from is not None and fit.shift_to is not None:
        shift = (
            f" Shift effort from {fit.shift_from.segment} "
            f"({pct(fit.shift_from.rep_share)} of your open deals, wins {pct(fit.shift_from.win_rate)}) "
            f"to {fit.shift_to.segment} ({pct(fit.shift_to.rep_share)}, "
            f"wins {pct(fit.shift_to.win_rate)})."
        )
    return Recommendation(
        gap="Pipeline outside the best-fit profile",
        evidence=(
            f"{pct(fit.rep_share)} of {voice.possessive} open deals are in the best-fit profile "
            f"vs {pct(fit.team_share)} for {fit.team_label}; {verdict(fit.evidence)}. "
            f"The profile wins {pct(fit.profile_win_rate)} of its closed deals vs "
            f"{pct(fit.overall_win_rate)} overall (all closed deals in the data)"
        ),
        intervention=COACHING,
        rule="a segment pattern -> coaching",
        action=f"Build about {fit.missing_deals:.0f} more best-fit opportunities.{shift}",
        deals=fit.missing_deals,
    )


def _win_rate(performance: Performance, stalls: StallAnalysis, voice: Voice) -> Recommendation | None:
    evidence = performance.win_rate_evidence
    if not evidence.significant:
        return None
    shortfall = -evidence.excess_deals
    explained = stalls.one_thing.evidence.excess_deals if stalls.one_thing else 0.0
    if explained >= shortfall / 2:
        return None  # one stage accounts for it: the stall recommendation covers it
    return Recommendation(
        gap="Win rate below the team across stages",
        evidence=(
            f"{voice.subject} won {evidence.k:,} of {evidence.n:,} closed deals in the last 12 months "
            f"({rate(evidence.rate)}) vs {rate(evidence.team_rate)} for the rest of the team, about "
            f"{shortfall:.0f} deals short; {verdict(evidence, RATE_DECIMALS)}"
        ),
        intervention=TRAINING,
        rule="a skill gap across many deals -> training",
        action="Enrol in discovery and qualification training; "
        "re-check the win rate on next quarter's closes.",
        deals=shortfall,
    )


def _coverage(performance: Performance, voice: Voice) -> Recommendation | None:
    deal_size = performance.team_avg_won_deal
    if not math.isfinite(deal_size) or deal_size <= 0 or not performance.has_deals:
        return None  # a rep with no deals at all is new or inactive, not someone with a prospecting habit
    if performance.coverage is not None and performance.next_quarter_quota:
        team = performance.team_median_coverage or COVERAGE_TARGET
        bar = min(COVERAGE_TARGET, team)
        if performance.coverage >= bar * (1 - COVERAGE_SLACK):
            return None
        shortfall = (bar - performance.coverage) * performance.next_quarter_quota
        evidence = (
            f"{voice.possessive} open pipeline {money(performance.open_pipeline)} is "
            f"{times(performance.coverage)} "
            f"next quarter's quota of {money(performance.next_quarter_quota)}, "
            f"vs {times(team)} for the median rep "
            f"(target {times(COVERAGE_TARGET)})"
        )
    else:
        team = performance.team_median_open_pipeline
        if not math.isfinite(team) or performance.open_pipeline >= LOW_PIPELINE_SHARE * team:
            return None
        shortfall = team - performance.open_pipeline
        evidence = (
            f"{voice.possessive} open pipeline {money(performance.open_pipeline)} vs {money(team)} "
            "for the median rep "
            f"(no quota in the data to measure coverage)"
        )
    return Recommendation(
        gap="Too little pipeline",
        evidence=evidence,
        intervention=FEEDBACK,
        rule="a single behaviour (prospecting volume) -> feedback",
        action=f"Add {money(shortfall)} of new pipeline, about {shortfall / deal_size:.0f} deals "
        f"at the team's average won deal of {money(deal_size)}.",
        deals=shortfall / deal_size,
    )
