"""Where this rep's deals get off track, compared with the team: the one thing to fix.

Two signals, each tested stage by stage against the rest of the team:

* **lost**: the share of the rep's lost deals (review window) that ended at each
  stage (``lost_at_stage``), vs the same share for the median rep of the team;
* **stuck**: the share of the rep's open deals that sit at a stage for longer than
  the team's median age at that stage, vs the same share for the median rep
  (age = days since the deal was created; exports rarely carry the date a deal
  entered its stage).

The stage with the largest excess share among the *significant* findings (see
``planner.coaching.significance``) is the one thing to fix. When the export has
no stage-at-loss column (Maven CRM) the lost signal is unavailable and the brief
says so; the stuck signal still works on the stages the export has.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from planner.coaching.deals import AGE, IN_WINDOW, REP_KEY, STAGE_LABEL, Deals
from planner.coaching.significance import MIN_DEALS, Evidence, compare_rate, verdict
from planner.coaching.wording import YOU, Voice
from planner.formatting import percent as pct
from planner.schema import LOST, OPEN, Opportunity

LOST_SIGNAL: Final = "lost"
STUCK_SIGNAL: Final = "stuck"


@dataclass(frozen=True)
class StageFinding:
    """One stage's excess for one signal, with its evidence."""

    stage: str
    signal: str  # LOST_SIGNAL or STUCK_SIGNAL
    evidence: Evidence
    team_median_age: float | None = None  # days, for the stuck signal


@dataclass(frozen=True)
class StallAnalysis:
    """Per-stage comparisons and the verdict."""

    rep: str
    has_lost_stage: bool
    lost: tuple[StageFinding, ...]
    stuck: tuple[StageFinding, ...]
    open_without_age: int
    one_thing: StageFinding | None  # the largest significant excess
    strongest: StageFinding | None  # the largest excess, significant or not

    @property
    def findings(self) -> tuple[StageFinding, ...]:
        return self.lost + self.stuck


def stall_analysis(deals: Deals, rep: str) -> StallAnalysis:
    """Compare where the rep's deals are lost and stuck with the rest of the team."""
    mine, others = deals.of(rep), deals.others(rep)
    stages = deals.stages
    lost = _lost_findings(mine, others, stages, deals.team_size) if deals.has_lost_stage else ()
    stuck, without_age = _stuck_findings(mine, others, stages, deals.team_size)
    findings = lost + stuck
    positive = [f for f in findings if f.evidence.excess > 0]
    significant = [f for f in positive if f.evidence.significant]
    return StallAnalysis(
        rep=rep,
        has_lost_stage=deals.has_lost_stage,
        lost=lost,
        stuck=stuck,
        open_without_age=without_age,
        one_thing=max(significant, key=lambda f: f.evidence.excess, default=None),
        strongest=max(positive, key=lambda f: f.evidence.excess, default=None),
    )


def team_rates(rows: pd.DataFrame, outcome: pd.Series) -> pd.Series:
    """The median rep's share of deals per stage (pooled share when fewer than 3 reps have enough deals).

    The median rep, not the pooled team, because a few reps who stall heavily
    at one stage would otherwise shift the team's mix and make everyone else
    look as if they stall at the other stages.
    """
    rep_codes, _ = pd.factorize(rows[REP_KEY].astype(str).to_numpy())
    stage_codes, stage_names = pd.factorize(outcome.astype(str).to_numpy())
    counts = np.zeros((rep_codes.max() + 1, len(stage_names)))
    np.add.at(counts, (rep_codes, stage_codes), 1)
    per_rep = counts.sum(axis=1)
    enough = counts[per_rep >= MIN_DEALS]
    if len(enough) < 3:
        return pd.Series(counts.sum(axis=0) / counts.sum(), index=stage_names)
    return pd.Series(np.median(enough / enough.sum(axis=1, keepdims=True), axis=0), index=stage_names)


def _lost_findings(
    mine: pd.DataFrame, others: pd.DataFrame, stages: list[str], team_size: int
) -> tuple[StageFinding, ...]:
    def lost(frame: pd.DataFrame) -> pd.DataFrame:
        rows = frame[frame[IN_WINDOW] & (frame[Opportunity.OUTCOME] == LOST)]
        return rows[rows[Opportunity.LOST_AT_STAGE].notna()]

    rep_lost, team_lost = lost(mine), lost(others)
    if team_lost.empty:
        return ()
    team = team_rates(team_lost, team_lost[Opportunity.LOST_AT_STAGE].astype(str).str.strip())
    counts = rep_lost[Opportunity.LOST_AT_STAGE].astype(str).str.strip().value_counts()
    used = [s for s in stages if s in team.index or s in counts.index]
    return _findings(LOST_SIGNAL, used, counts, len(rep_lost), team, team_size)


def _stuck_findings(
    mine: pd.DataFrame, others: pd.DataFrame, stages: list[str], team_size: int
) -> tuple[tuple[StageFinding, ...], int]:
    def open_aged(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[(frame[Opportunity.OUTCOME] == OPEN) & frame[AGE].notna()]

    rep_open, team_open = open_aged(mine), open_aged(others)
    without_age = int(((mine[Opportunity.OUTCOME] == OPEN) & mine[AGE].isna()).sum())
    if team_open.empty or rep_open.empty:
        return (), without_age
    medians = team_open.groupby(STAGE_LABEL)[AGE].median()

    def stuck_at(frame: pd.DataFrame) -> pd.Series:
        """The deal's stage when it is older than the team median there, else a 'not stuck' marker."""
        older = frame[AGE].to_numpy() > frame[STAGE_LABEL].map(medians).to_numpy(dtype=float)
        return pd.Series(np.where(older, frame[STAGE_LABEL].astype(str), _NOT_STUCK), index=frame.index)

    team = team_rates(team_open, stuck_at(team_open))
    counts = stuck_at(rep_open).value_counts()
    used = [s for s in stages if s in medians.index]
    return _findings(STUCK_SIGNAL, used, counts, len(rep_open), team, team_size, medians), without_age


def _findings(
    signal: str,
    stages: list[str],
    counts: pd.Series,
    n: int,
    team: pd.Series,
    team_size: int,
    medians: pd.Series | None = None,
) -> tuple[StageFinding, ...]:
    """One test per stage of the rep's share against the team's, corrected for every rep x stage compared."""
    return tuple(
        StageFinding(
            stage,
            signal,
            compare_rate(
                int(counts.get(stage, 0)), n, float(team.get(stage, 0.0)), comparisons=len(stages) * team_size
            ),
            None if medians is None else float(medians[stage]),
        )
        for stage in stages
    )


_NOT_STUCK: Final = "\x00not stuck"


def describe(finding: StageFinding, voice: Voice = YOU) -> str:
    """The finding as one sentence with its numbers and their period, and whether it is more than chance.

    Lost deals are counted over the last 12 months; open deals are those open at the data's date.
    """
    e = finding.evidence
    if finding.signal == LOST_SIGNAL:
        fact = (
            f"{e.k:,} of {voice.possessive} {e.n:,} lost deals in the last 12 months ({pct(e.rate)}) "
            f"ended at {finding.stage}, vs {pct(e.team_rate)} for the median rep"
        )
    else:
        fact = (
            f"{e.k:,} of {voice.possessive} {e.n:,} open deals ({pct(e.rate)}) have sat at {finding.stage} "
            f"longer than the team's median of {finding.team_median_age:.0f} days there, vs "
            f"{pct(e.team_rate)} for the median rep"
        )
    return f"{fact}; {verdict(e)}"
