"""Concrete targets for the coming quarter, each a number to hit with the number it starts from."""

from __future__ import annotations

import math
from dataclasses import dataclass

from planner.coaching.fit_gap import FitGap
from planner.coaching.performance import COVERAGE_TARGET, QUARTERS_PER_YEAR, Performance
from planner.coaching.recommendations import TRAINING, Recommendation
from planner.coaching.stalls import LOST_SIGNAL, StallAnalysis
from planner.formatting import money, times
from planner.formatting import percent as pct


@dataclass(frozen=True)
class Target:
    """What to reach by the end of next quarter, and where it stands now."""

    measure: str
    now: str
    goal: str


def quarter_targets(
    performance: Performance,
    stalls: StallAnalysis,
    fit: FitGap | None,
    recommendations: list[Recommendation],
) -> list[Target]:
    """Revenue, coverage, the one stage to fix, best-fit share and win rate, where the data supports each."""
    targets = []
    p = performance
    if p.next_quarter_quota:
        targets.append(
            Target(
                "Won revenue next quarter",
                f"{money(p.won_amount)} won in the last 12 months ({pct(p.attainment)} of the "
                f"{money(p.annual_quota)} annual quota)",
                f"{money(p.next_quarter_quota)} (a quarter of the annual quota)",
            )
        )
    elif p.has_deals and math.isfinite(p.team_median_won):
        pace, team_pace = p.won_amount / QUARTERS_PER_YEAR, p.team_median_won / QUARTERS_PER_YEAR
        goal = (
            f"{money(team_pace)}, the median rep's quarterly pace (no quota in the data)"
            if pace < team_pace
            else f"keep at least {money(pace)} (above the median rep's {money(team_pace)})"
        )
        targets.append(
            Target("Won revenue next quarter", f"{money(pace)} a quarter over the last 12 months", goal)
        )
    if p.coverage is not None and p.next_quarter_quota:
        add = max(COVERAGE_TARGET - p.coverage, 0.0) * p.next_quarter_quota
        goal = f"at least {times(COVERAGE_TARGET)}" + (f": add {money(add)} of pipeline" if add else "")
        targets.append(
            Target("Pipeline coverage", f"{times(p.coverage)} ({money(p.open_pipeline)} open)", goal)
        )
    elif p.has_deals and p.open_pipeline < p.team_median_open_pipeline:
        targets.append(
            Target(
                "Open pipeline",
                f"{money(p.open_pipeline)} in {p.open_deals:,} deals",
                f"{money(p.team_median_open_pipeline)}, the median rep's (no quota to measure coverage)",
            )
        )
    finding = stalls.one_thing
    if finding is not None:
        e = finding.evidence
        goal_deals = math.floor(e.n * e.team_rate)
        if finding.signal == LOST_SIGNAL:
            targets.append(
                Target(
                    f"Losses at {finding.stage}",
                    f"{pct(e.rate)} of your losses in the last 12 months ({e.k:,} of {e.n:,})",
                    f"toward the median rep's {pct(e.team_rate)}: "
                    f"about {e.excess_deals:.0f} fewer deals lost there a year",
                )
            )
        else:
            targets.append(
                Target(
                    f"Deals stuck at {finding.stage}",
                    f"{e.k:,} open deals older than {finding.team_median_age:.0f} days there",
                    f"{goal_deals} or fewer (the median rep's {pct(e.team_rate)} of open deals)",
                )
            )
    if fit is not None and fit.evidence.significant:
        targets.append(
            Target(
                "Best-fit share of open deals",
                f"{pct(fit.rep_share)} ({fit.rep_in_profile:,} of {fit.rep_open:,} open deals)",
                f"{pct(fit.team_share)} like {fit.team_label}: "
                f"about {fit.missing_deals:.0f} more best-fit deals",
            )
        )
    if any(r.intervention == TRAINING for r in recommendations):
        target_deals = math.ceil(p.win_rate_evidence.n / QUARTERS_PER_YEAR)
        targets.append(
            Target(
                "Win rate",
                f"{pct(p.win_rate)} over the last 12 months",
                f"{pct(p.team_win_rate)} (team) on next quarter's ~{target_deals:,} closes",
            )
        )
    return targets
