"""The team view: every rep side by side with their biggest gap and the coaching type it calls for.

A VP or front-line manager decides where to spend coaching time across the
team; reps are sorted by the size of their biggest gap (in deals beyond the
team norm), so the first rows are the sessions worth holding first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

import pandas as pd

from planner.coaching.deals import Deals
from planner.coaching.fit_gap import BestProfile, fit_gap
from planner.coaching.performance import performance, rep_totals
from planner.coaching.recommendations import recommend
from planner.coaching.stalls import stall_analysis
from planner.coaching.wording import named

TEAM_COLUMNS = (
    "rep",
    "manager",
    "won",
    "attainment",
    "win_rate",
    "team_win_rate",
    "coverage",
    "open_pipeline",
    "stall_stage",
    "biggest_gap",
    "intervention",
    "gap_deals",
    "evidence",
    "other_gaps",
)

# How a screen shows the table: who, what they need and how big the gap is first (what a manager
# reads without scrolling), then results and pipeline, the manager last. The long evidence sentence
# is shown apart, where it can be read whole.
_LEAD: Final = ("rep", "intervention", "biggest_gap", "gap_deals")
SCREEN_ORDER: Final = (
    _LEAD + tuple(c for c in TEAM_COLUMNS if c not in {*_LEAD, "manager", "evidence"}) + ("manager",)
)

# Decimals each number keeps in an export: money to the cent, deals whole, shares to 3 (41.2%),
# multiples to 2 (4.25x). Full float precision (187.52808988764045 deals) only reads as noise.
EXPORT_DECIMALS: Final = {
    "won": 2,
    "open_pipeline": 2,
    "gap_deals": 0,
    "attainment": 3,
    "win_rate": 3,
    "team_win_rate": 3,
    "coverage": 2,
}


@dataclass(frozen=True)
class TeamCoaching:
    """One row per rep (``TEAM_COLUMNS``), biggest gap first, with the period it covers."""

    as_of: pd.Timestamp
    window_start: pd.Timestamp
    reps: pd.DataFrame

    def needs(self) -> dict[str, int]:
        """How many reps most need each intervention (reps without a gap are left out)."""
        counts = self.reps["intervention"].dropna().value_counts()
        return {str(k): int(v) for k, v in counts.items()}

    def export(self) -> pd.DataFrame:
        """The team table for a CSV: the same rows and columns, numbers rounded (``EXPORT_DECIMALS``)."""
        rounded = self.reps.round(EXPORT_DECIMALS)
        return rounded.assign(gap_deals=rounded["gap_deals"].astype("Int64"))


def team_coaching(
    deals: Deals,
    names: list[str],
    *,
    quotas: Mapping[str, float],
    managers: Mapping[str, str] | None = None,
    profile: BestProfile | None = None,
    peers: Mapping[str, tuple[str, list[str]]] | None = None,
) -> TeamCoaching:
    """Each rep's headline figures, the stage they stall at (if significant) and their biggest gap."""
    rows = []
    totals = rep_totals(deals, quotas)
    for rep in names:
        figures = performance(deals, rep, quotas, totals=totals, detail=False)
        stalls = stall_analysis(deals, rep)
        manager, mates = (peers or {}).get(rep, ("", None))
        label = f"{manager}'s team" if mates else "the team"
        fit = fit_gap(deals, rep, profile, peers=mates, team_label=label) if profile is not None else None
        gaps = recommend(figures, stalls, fit, named(rep))
        top = gaps[0] if gaps else None
        rows.append(
            {
                "rep": rep,
                "manager": (managers or {}).get(rep, ""),
                "won": figures.won_amount,
                "attainment": figures.attainment,
                "win_rate": figures.win_rate,
                "team_win_rate": figures.team_win_rate,
                "coverage": figures.coverage,
                "open_pipeline": figures.open_pipeline,
                "stall_stage": stalls.one_thing.stage if stalls.one_thing else None,
                "biggest_gap": top.gap if top else None,
                "intervention": top.intervention if top else None,
                "gap_deals": top.deals if top else 0.0,
                "evidence": top.evidence if top else (None if figures.has_deals else "no deals in this data"),
                "other_gaps": "; ".join(g.gap for g in gaps[1:]),
            }
        )
    frame = pd.DataFrame(rows, columns=list(TEAM_COLUMNS))
    frame = frame.sort_values(["gap_deals", "rep"], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )
    return TeamCoaching(as_of=deals.as_of, window_start=deals.window_start, reps=frame)
