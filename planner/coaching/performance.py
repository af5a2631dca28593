"""ROAM: a rep's results against objectives and activity, each next to the team's figure.

Results are measured over the review window (the 12 months before the as-of
date, so an annual quota compares like with like): won revenue vs quota, win
rate vs the rest of the team, pipeline coverage. Coverage is open pipeline
divided by the quota still to win next quarter (a quarter of the annual
quota), the horizon a sales manager forecasts on; 3x is the usual target.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

import pandas as pd

from planner.coaching.deals import ESTIMATED, IN_WINDOW, REP_KEY, SEGMENT, STAGE_LABEL, VALUE, Deals, rep_key
from planner.coaching.significance import Evidence, compare_rate
from planner.schema import LOST, OPEN, WON, Opportunity

COVERAGE_TARGET: Final = 3.0
QUARTERS_PER_YEAR: Final = 4
TOP_SEGMENTS: Final = 8


@dataclass(frozen=True)
class Performance:
    """One rep's ROAM figures with the team's beside them (team = every other rep)."""

    rep: str
    window_start: pd.Timestamp
    as_of: pd.Timestamp
    annual_quota: float | None
    won_amount: float
    won_deals: int
    lost_deals: int
    attainment: float | None
    team_median_attainment: float | None
    team_median_won: float
    win_rate: float
    team_win_rate: float
    win_rate_evidence: Evidence
    avg_won_deal: float
    team_avg_won_deal: float
    median_cycle_days: float
    team_median_cycle_days: float
    open_deals: int
    open_pipeline: float
    team_median_open_pipeline: float
    estimated_open_deals: int
    next_quarter_quota: float | None
    coverage: float | None
    team_median_coverage: float | None
    by_stage: pd.DataFrame
    by_segment: pd.DataFrame
    has_deals: bool = True  # False: the rep has no deal at all in the data (new, or left)


def rep_totals(deals: Deals, quotas: Mapping[str, float]) -> pd.DataFrame:
    """Per rep key: won amount and deals in the window, lost deals, open pipeline, attainment, coverage."""
    table = deals.table
    window = table[table[IN_WINDOW]]
    won = window[window[Opportunity.OUTCOME] == WON]
    open_ = table[table[Opportunity.OUTCOME] == OPEN]
    totals = pd.DataFrame(
        {
            "won_amount": won.groupby(REP_KEY)[VALUE].sum(),
            "won": won.groupby(REP_KEY).size(),
            "lost": window[window[Opportunity.OUTCOME] == LOST].groupby(REP_KEY).size(),
            "open_value": open_.groupby(REP_KEY)[VALUE].sum(),
        }
    ).fillna(0.0)
    quota = pd.Series(quotas, dtype="float64").reindex(totals.index)
    totals["attainment"] = totals["won_amount"] / quota
    totals["coverage"] = totals["open_value"] / (quota / QUARTERS_PER_YEAR)
    return totals


def performance(
    deals: Deals,
    rep: str,
    quotas: Mapping[str, float],
    *,
    totals: pd.DataFrame | None = None,
    detail: bool = True,
) -> Performance:
    """The rep's ROAM figures; ``quotas`` maps rep keys to annual quotas (may be empty).

    The team view passes ``totals`` (``rep_totals``, computed once) and
    ``detail=False`` to skip the per-stage and per-segment tables it does not show.
    """
    mine, others = deals.of(rep), deals.others(rep)
    totals = rep_totals(deals, quotas) if totals is None else totals
    team = totals.drop(index=rep_key(rep), errors="ignore")
    quota = quotas.get(rep_key(rep))

    my_window, team_window = mine[mine[IN_WINDOW]], others[others[IN_WINDOW]]
    my_won = my_window[my_window[Opportunity.OUTCOME] == WON]
    team_won = team_window[team_window[Opportunity.OUTCOME] == WON]
    won_deals = len(my_won)
    lost_deals = int((my_window[Opportunity.OUTCOME] == LOST).sum())
    team_closed = int(team_window[Opportunity.OUTCOME].isin([WON, LOST]).sum())
    team_win_rate = len(team_won) / team_closed if team_closed else float("nan")
    closed = won_deals + lost_deals

    my_open = mine[mine[Opportunity.OUTCOME] == OPEN]
    open_pipeline = float(my_open[VALUE].sum())
    next_quarter = quota / QUARTERS_PER_YEAR if quota else None
    return Performance(
        rep=rep,
        window_start=deals.window_start,
        as_of=deals.as_of,
        annual_quota=quota,
        won_amount=float(my_won[VALUE].sum()),
        won_deals=won_deals,
        lost_deals=lost_deals,
        attainment=float(my_won[VALUE].sum()) / quota if quota else None,
        team_median_attainment=_median(team["attainment"]),
        team_median_won=float(team["won_amount"].median()) if len(team) else float("nan"),
        win_rate=won_deals / closed if closed else float("nan"),
        team_win_rate=team_win_rate,
        win_rate_evidence=compare_rate(
            won_deals, closed, team_win_rate, comparisons=deals.team_size, higher=False
        ),
        avg_won_deal=float(my_won[VALUE].mean()) if won_deals else float("nan"),
        team_avg_won_deal=float(team_won[VALUE].mean()) if len(team_won) else float("nan"),
        median_cycle_days=float(my_won[Opportunity.CYCLE_DAYS].median()),
        team_median_cycle_days=float(team_won[Opportunity.CYCLE_DAYS].median()),
        open_deals=len(my_open),
        open_pipeline=open_pipeline,
        team_median_open_pipeline=float(team["open_value"].median()) if len(team) else float("nan"),
        estimated_open_deals=int(my_open[ESTIMATED].sum()),
        next_quarter_quota=next_quarter,
        coverage=open_pipeline / next_quarter if next_quarter else None,
        team_median_coverage=_median(team["coverage"]),
        by_stage=_by_stage(deals, my_open, others[others[Opportunity.OUTCOME] == OPEN]) if detail else _EMPTY,
        by_segment=_by_segment(mine, others) if detail else _EMPTY,
        has_deals=len(mine) > 0,
    )


_EMPTY = pd.DataFrame()


def _median(values: pd.Series) -> float | None:
    values = values.dropna()
    return float(values.median()) if len(values) else None


def _by_stage(deals: Deals, mine: pd.DataFrame, team: pd.DataFrame) -> pd.DataFrame:
    """Open deals per stage: the rep's count, value and share of value, and the team's share."""
    stages = deals.stages
    count = mine.groupby(STAGE_LABEL)[VALUE].size().reindex(stages, fill_value=0)
    value = mine.groupby(STAGE_LABEL)[VALUE].sum().reindex(stages, fill_value=0.0)
    team_value = team.groupby(STAGE_LABEL)[VALUE].sum().reindex(stages, fill_value=0.0)
    frame = pd.DataFrame(
        {
            "stage": stages,
            "deals": count.to_numpy(),
            "value": value.to_numpy(),
            "share": (value / value.sum() if value.sum() else value * 0).to_numpy(),
            "team_share": (team_value / team_value.sum() if team_value.sum() else team_value * 0).to_numpy(),
        }
    )
    return frame[(frame["deals"] > 0) | (frame["team_share"] > 0)].reset_index(drop=True)


def _by_segment(mine: pd.DataFrame, others: pd.DataFrame) -> pd.DataFrame:
    """Per segment: the rep's open deals and share of them, the team's share, both win rates."""

    def table(frame: pd.DataFrame) -> pd.DataFrame:
        is_open = frame[Opportunity.OUTCOME] == OPEN
        window = frame[frame[IN_WINDOW]]
        stats = pd.DataFrame(
            {
                "open": frame[is_open].groupby(SEGMENT).size(),
                "won": window[window[Opportunity.OUTCOME] == WON].groupby(SEGMENT).size(),
                "closed": window.groupby(SEGMENT).size(),
            }
        ).fillna(0)
        stats["share"] = stats["open"] / max(stats["open"].sum(), 1)
        stats["win_rate"] = stats["won"] / stats["closed"].where(stats["closed"] > 0)
        return stats

    rep, team = table(mine), table(others)
    frame = rep.join(team.add_suffix("_team"), how="outer").fillna({"open": 0, "closed": 0, "share": 0.0})
    frame = frame.rename(columns={"share_team": "team_share", "win_rate_team": "team_win_rate"})
    frame = frame[frame["open"] + frame["closed"] > 0].sort_values(["open", "closed"], ascending=False)
    frame = frame.head(TOP_SEGMENTS).reset_index(names="segment")
    columns = ["segment", "open", "share", "team_share", "closed", "win_rate", "team_win_rate"]
    return frame[columns].astype({"open": "int64", "closed": "int64"})
