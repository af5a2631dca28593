"""The coaching brief: one rep, one session, structured as SLED and built only from the data.

SLED: **S**et the stage (purpose, agenda, expected outcomes, timing), **L**ead the
performance analysis (ROAM: results, activities, where deals stall), **E**xplore
solutions (the best-fit gap, the segment shift, training vs coaching vs feedback),
**D**evelop an action plan (focus accounts, targets, strategic questions, and the
previous session's commitments). Every statement is generated from a figure;
where the data cannot support a section, the brief says what is missing instead
of filling it with generic advice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

import pandas as pd

from planner.coaching.deals import VALUE, Deals
from planner.coaching.fit_gap import BestProfile, FitGap, fit_gap
from planner.coaching.focus import FocusAccount, focus_accounts, territory
from planner.coaching.performance import COVERAGE_TARGET, Performance, performance
from planner.coaching.questions import Question, strategic_questions
from planner.coaching.recommendations import Recommendation, recommend
from planner.coaching.significance import MIN_DEALS, verdict
from planner.coaching.stalls import StallAnalysis, describe, stall_analysis
from planner.coaching.targets import Target, quarter_targets
from planner.coaching.wording import RATE_DECIMALS, gap_points, lower_first, rate
from planner.formatting import money, times
from planner.formatting import percent as pct
from planner.schema import LOST, UNKNOWN, WON, Opportunity
from planner.storage.records import COMMITMENT_OPEN, CoachingSession

SESSION_MINUTES: Final = 60


@dataclass(frozen=True)
class SetTheStage:
    purpose: str
    agenda: tuple[str, ...]
    expected_outcomes: tuple[str, ...]
    timing: str


@dataclass(frozen=True)
class PerformanceAnalysis:
    """ROAM: results vs objectives, activities, and where deals stall (with the one thing to fix)."""

    results: tuple[str, ...]
    activities: tuple[str, ...]
    stalls: tuple[str, ...]
    one_thing: str
    figures: Performance
    stall_analysis: StallAnalysis


@dataclass(frozen=True)
class SolutionOptions:
    """The best-fit gap, the segment shift and the intervention each gap calls for."""

    fit: tuple[str, ...]
    recommendations: tuple[Recommendation, ...]
    fit_gap: FitGap | None


@dataclass(frozen=True)
class ActionPlan:
    focus_accounts: tuple[FocusAccount, ...]
    targets: tuple[Target, ...]
    questions: tuple[Question, ...]
    previous_session: CoachingSession | None
    since_previous: tuple[str, ...] = ()  # what the data shows happened since that session


@dataclass(frozen=True)
class CoachingBrief:
    """A strategic coaching session brief for one rep (SLED)."""

    rep: str
    manager: str
    as_of: dt.date
    window_start: dt.date
    session_date: dt.date | None
    set_the_stage: SetTheStage
    lead: PerformanceAnalysis
    explore: SolutionOptions
    develop: ActionPlan
    data_notes: tuple[str, ...]

    @property
    def primary(self) -> Recommendation | None:
        """The largest gap: what the session leads with."""
        return self.explore.recommendations[0] if self.explore.recommendations else None

    def agenda_text(self) -> str:
        """The agenda as numbered lines, stored with a scheduled session."""
        return "\n".join(f"{i}. {item}" for i, item in enumerate(self.set_the_stage.agenda, start=1))


def build_brief(
    deals: Deals,
    rep: str,
    *,
    accounts: pd.DataFrame,
    quotas: Mapping[str, float],
    manager: str = "",
    peers: list[str] | None = None,
    profile: BestProfile | None = None,
    previous: CoachingSession | None = None,
    session_date: dt.date | None = None,
    minutes: int = SESSION_MINUTES,
) -> CoachingBrief:
    """Assemble the brief; ``accounts`` may carry scoring columns (priority, tier, whitespace).

    ``peers`` (the other reps of the rep's manager) is the team the pipeline mix is compared with;
    results and stalls are compared with every other rep, the larger and steadier baseline.
    """
    figures = performance(deals, rep, quotas)
    stalls = stall_analysis(deals, rep)
    team_label = f"{manager}'s team" if peers and manager else "the team"
    fit = fit_gap(deals, rep, profile, peers=peers, team_label=team_label) if profile is not None else None
    recommendations = recommend(figures, stalls, fit)
    similarity = profile.account_similarity if profile is not None else None
    focus = focus_accounts(accounts, deals, rep, similarity=similarity)
    questions = strategic_questions(deals, rep, figures, stalls, fit, focus, territory(accounts, deals, rep))
    targets = tuple(quarter_targets(figures, stalls, fit, recommendations))
    return CoachingBrief(
        rep=rep,
        manager=manager,
        as_of=deals.as_of.date(),
        window_start=deals.window_start.date(),
        session_date=session_date,
        set_the_stage=_set_the_stage(
            rep,
            figures,
            recommendations,
            fit,
            (len(focus), len(targets), len(questions)),
            previous,
            session_date,
            minutes,
        ),
        lead=PerformanceAnalysis(
            results=_results(figures),
            activities=_activities(figures, deals),
            stalls=_stall_statements(stalls),
            one_thing=_one_thing(stalls),
            figures=figures,
            stall_analysis=stalls,
        ),
        explore=SolutionOptions(
            fit=_fit_statements(fit, profile), recommendations=tuple(recommendations), fit_gap=fit
        ),
        develop=ActionPlan(
            focus_accounts=tuple(focus),
            targets=targets,
            questions=tuple(questions),
            previous_session=previous,
            since_previous=_since(deals, rep, previous),
        ),
        data_notes=_data_notes(deals, figures, stalls, quotas, rep),
    )


def _set_the_stage(
    rep: str,
    figures: Performance,
    recommendations: list[Recommendation],
    fit: FitGap | None,
    plan: tuple[int, int, int],
    previous: CoachingSession | None,
    session_date: dt.date | None,
    minutes: int,
) -> SetTheStage:
    """Purpose, agenda and outcomes written from this rep's figures (``plan``: focus, targets, questions)."""
    primary = recommendations[0] if recommendations else None
    focus_count, target_count, question_count = plan
    focus_text = f"fix one thing: {lower_first(primary.gap)}" if primary else "keep momentum"
    agenda = []
    if previous is not None and previous.commitments:
        still_open = sum(c.status == COMMITMENT_OPEN for c in previous.commitments)
        agenda.append(
            f"Review the {len(previous.commitments)} commitments from {previous.scheduled_for:%d %b %Y} "
            f"({still_open} still open)"
        )
    attainment = f" ({pct(figures.attainment)} of quota)" if figures.attainment is not None else ""
    agenda.append(
        f"Results vs objectives over the last 12 months: {money(figures.won_amount)} won{attainment}, "
        f"win rate {rate(figures.win_rate)} vs {rate(figures.team_win_rate)} for the rest of the team"
    )
    if primary is not None:
        agenda.append(
            f"The biggest gap: {lower_first(primary.gap)} "
            f"({primary.intervention}, about {primary.deals:.0f} deals)"
        )
    if fit is not None and (fit.rep_share or fit.team_share):  # "0% vs 0%" gives nothing to discuss
        shift = ""
        if fit.shift_from is not None and fit.shift_to is not None:
            shift = f"; shift from {fit.shift_from.segment} to {fit.shift_to.segment}"
        agenda.append(
            f"Best-fit pipeline: {pct(fit.rep_share)} of open deals vs {pct(fit.team_share)} for "
            f"{fit.team_label}{shift}"
        )
    agenda += [
        f"{focus_count} focus accounts and {target_count} targets for next quarter",
        f"{question_count} strategic questions, then commitments with due dates",
    ]
    outcomes = [
        f"One agreed change for {lower_first(primary.gap)}, a gap of about {primary.deals:.0f} deals"
        if primary
        else "Confirmation that no gap needs a change of approach this quarter",
        f"A dated next step for each of the {focus_count} focus accounts",
        f"The {target_count} targets for next quarter, owned by the rep",
        "Written commitments, reviewed at the next session",
    ]
    when = f"{session_date:%A %d %B %Y}" if session_date else "date to be scheduled"
    return SetTheStage(
        purpose=f"Strategic coaching with {rep}: agree where to focus next quarter and {focus_text}.",
        agenda=tuple(agenda),
        expected_outcomes=tuple(outcomes),
        timing=(
            f"{minutes} minutes, {when}; figures cover the 12 months {figures.window_start:%d %b %Y} - "
            f"{figures.as_of:%d %b %Y}; review the commitments in 4-6 weeks"
        ),
    )


def _results(p: Performance) -> tuple[str, ...]:
    lines = []
    if p.attainment is not None:
        team = f"; the median rep reached {pct(p.team_median_attainment)}" if p.team_median_attainment else ""
        lines.append(
            f"Won {money(p.won_amount)} in {p.won_deals:,} deals over the last 12 months: "
            f"{pct(p.attainment)} of the {money(p.annual_quota)} annual quota{team}."
        )
    else:
        lines.append(
            f"Won {money(p.won_amount)} in {p.won_deals:,} deals over the last 12 months; the median rep won "
            f"{money(p.team_median_won)} (no quota in the reps data, so attainment is not measured)."
        )
    e = p.win_rate_evidence
    verdict_text = (
        f": {verdict(e, RATE_DECIMALS)}" if e.n and gap_points(p.win_rate, p.team_win_rate) < 0 else ""
    )
    lines.append(
        f"Win rate {rate(p.win_rate)} over the last 12 months ({p.won_deals:,} of "
        f"{p.won_deals + p.lost_deals:,} closed deals) vs {rate(p.team_win_rate)} for the rest of the team"
        f"{verdict_text}."
    )
    lines.append(
        f"Average won deal over the last 12 months {money(p.avg_won_deal)} vs {money(p.team_avg_won_deal)} "
        f"for the team; median sales cycle {p.median_cycle_days:.0f} days vs {p.team_median_cycle_days:.0f}."
    )
    if p.coverage is not None:
        lines.append(
            f"Pipeline coverage {times(p.coverage)}: {money(p.open_pipeline)} open on {p.as_of:%d %b %Y} "
            f"in {p.open_deals:,} deals vs "
            f"next quarter's quota of {money(p.next_quarter_quota)}; median rep "
            f"{times(p.team_median_coverage)}, "
            f"target {times(COVERAGE_TARGET)}."
        )
    else:
        lines.append(
            f"{money(p.open_pipeline)} open pipeline on {p.as_of:%d %b %Y} in {p.open_deals:,} deals vs "
            f"{money(p.team_median_open_pipeline)} for the median rep."
        )
    return tuple(lines)


def _activities(p: Performance, deals: Deals) -> tuple[str, ...]:
    lines = []
    stages = p.by_stage[p.by_stage["deals"] > 0]
    if len(stages):
        parts = [
            f"{r.stage} {r.deals:,} ({money(r.value)}, {pct(r.share)} of value vs {pct(r.team_share)} "
            "for the team)"
            for r in stages.itertuples()
        ]
        lines.append(f"Open deals by stage on {p.as_of:%d %b %Y}: " + "; ".join(parts) + ".")
    known = p.by_segment["segment"] != UNKNOWN
    segments = p.by_segment[known & (p.by_segment["open"] > 0)].head(3)
    if len(segments):
        parts = [
            f"{r.segment} {r.open:,} ({pct(r.share)} of your open deals vs {pct(r.team_share)} for the team; "
            f"team wins {pct(r.team_win_rate)} over the last 12 months)"
            for r in segments.itertuples()
        ]
        lines.append(f"Largest {_dimension(deals)} segments in your pipeline: " + "; ".join(parts) + ".")
    return tuple(lines)


def _dimension(deals: Deals) -> str:
    return deals.segment_column.replace("_", " ")


def _stall_statements(stalls: StallAnalysis) -> tuple[str, ...]:
    ranked = sorted(
        (f for f in stalls.findings if f.evidence.excess > 0), key=lambda f: f.evidence.excess, reverse=True
    )
    return tuple(describe(f)[0].upper() + describe(f)[1:] + "." for f in ranked[:3])


def _one_thing(stalls: StallAnalysis) -> str:
    if stalls.one_thing is not None:
        f = stalls.one_thing
        return f"The one thing to fix: {f.stage}. {describe(f)[0].upper()}{describe(f)[1:]}."
    if stalls.strongest is not None:
        f = stalls.strongest
        return f"No stage stands out clearly. The largest gap: {describe(f)}."
    if stalls.findings:
        closest = max(stalls.findings, key=lambda f: f.evidence.excess)
        return f"No stage holds more of your deals than the team's; the closest: {describe(closest)}."
    return "No stage comparison is possible: no lost deals with a stage and no open deals with an age."


def _fit_statements(fit: FitGap | None, profile: BestProfile | None) -> tuple[str, ...]:
    if profile is None:
        return ("No best-fit profile was available, so the pipeline mix is not compared with it.",)
    if fit is None:
        return (f"No open deals to compare with the best-fit profile ({profile.name}).",)
    lines = [
        f"{pct(fit.rep_share)} of your open deals ({fit.rep_in_profile} of {fit.rep_open}) are in the "
        f"best-fit profile ({fit.profile}) vs {pct(fit.team_share)} for {fit.team_label}; "
        f"it wins {pct(fit.profile_win_rate)} of its closed deals vs {pct(fit.overall_win_rate)} overall "
        "(all closed deals in the data)."
    ]
    if fit.shift_from is not None and fit.shift_to is not None:
        a, b = fit.shift_from, fit.shift_to
        lines.append(
            f"Segment shift to coach: from {a.segment} ({pct(a.rep_share)} of your open deals vs "
            f"{pct(a.team_share)} for {fit.team_label}; wins {pct(a.win_rate)} of {a.closed_deals:,} "
            f"closed deals, all time) to {b.segment} ({pct(b.rep_share)} vs {pct(b.team_share)}; "
            f"wins {pct(b.win_rate)} of {b.closed_deals:,}, all time)."
        )
    return tuple(lines)


def _since(deals: Deals, rep: str, previous: CoachingSession | None) -> tuple[str, ...]:
    """Deals won, lost and created by the rep since the previous session, from the data."""
    if previous is None:
        return ()
    start = pd.Timestamp(previous.scheduled_for)
    if start >= deals.as_of:
        return (
            f"The data ends {deals.as_of:%d %b %Y}, before that session: load a newer export to see since.",
        )
    mine = deals.of(rep)
    closed_since = mine[Opportunity.CLOSED].gt(start) & mine[Opportunity.CLOSED].le(deals.as_of)
    won = mine[closed_since & (mine[Opportunity.OUTCOME] == WON)]
    lost = mine[closed_since & (mine[Opportunity.OUTCOME] == LOST)]
    created = int(mine[Opportunity.CREATED].gt(start).sum())
    return (
        f"Since {previous.scheduled_for:%d %b %Y} (data to {deals.as_of:%d %b %Y}): {len(won):,} deals won "
        f"({money(float(won[VALUE].sum()))}), {len(lost):,} lost, {created:,} new opportunities.",
    )


def _data_notes(
    deals: Deals, p: Performance, stalls: StallAnalysis, quotas: Mapping[str, float], rep: str
) -> tuple[str, ...]:
    notes = []
    if not deals.has_lost_stage:
        notes.append(
            "This data has no stage-at-loss column, so where lost deals end cannot be shown; the stall "
            "analysis uses the age of open deals at each stage instead."
        )
    if p.annual_quota is None:
        notes.append(
            "No quota for this rep in the reps data: attainment and pipeline coverage are not measured; "
            "figures are compared with the median rep instead."
        )
    if stalls.open_without_age:
        notes.append(
            f"{stalls.open_without_age} open deals have no created date and are left out of the age "
            "comparison."
        )
    if p.estimated_open_deals:
        notes.append(
            f"{p.estimated_open_deals} of {p.open_deals} open deals have no amount; they are valued at the "
            "team's median won deal for their product."
        )
    unknown = p.by_segment.loc[p.by_segment["segment"] == UNKNOWN, "open"].sum()
    if unknown:
        notes.append(f"{unknown} open deals have no account or no {_dimension(deals)}, so no segment.")
    if not p.has_deals:
        notes.append("This rep has no deals in the data (new, or no longer selling): nothing to compare.")
    closed = p.won_deals + p.lost_deals
    if closed < MIN_DEALS:
        notes.append(
            f"Only {closed} closed deals in the last 12 months: below the {MIN_DEALS} needed, so no gap is "
            "reported from them."
        )
    return tuple(notes)
