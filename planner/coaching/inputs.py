"""Everything a brief or the team view needs from one dataset, prepared once and reused per rep.

The workspace (and the app's cache) builds one ``CoachingInputs`` per data
version; every brief and the team view then reuse its deal table, quotas and
best profile instead of recomputing them for each rep.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import pandas as pd

from planner.coaching.brief import CoachingBrief, build_brief
from planner.coaching.deals import Deals, prepare_deals
from planner.coaching.fit_gap import BestProfile, best_profile_from_icp
from planner.coaching.focus import with_scores
from planner.coaching.reps import manager_of, peer_groups, quotas_by_rep, rep_names, resolve_rep
from planner.coaching.team import TeamCoaching, team_coaching

if TYPE_CHECKING:
    from planner.icp.result import IcpResult
    from planner.storage.records import CoachingSession


@dataclass(frozen=True, eq=False)
class CoachingInputs:
    """The prepared deal table, accounts (with scores when given), reps, quotas and best profile."""

    deals: Deals
    accounts: pd.DataFrame
    reps: pd.DataFrame
    names: list[str]
    quotas: dict[str, float]
    profile: BestProfile | None

    def resolve(self, rep: str) -> str:
        """The rep's name as spelled in the data (any case); ``InputError`` with close names if unknown."""
        return resolve_rep(self.names, rep)

    def brief(
        self,
        rep: str,
        *,
        previous: CoachingSession | None = None,
        session_date: dt.date | None = None,
    ) -> CoachingBrief:
        name = self.resolve(rep)
        _, peers = self.peers.get(name, ("", None))
        return build_brief(
            self.deals,
            name,
            accounts=self.accounts,
            quotas=self.quotas,
            manager=manager_of(self.reps, name),
            peers=peers,
            profile=self.profile,
            previous=previous,
            session_date=session_date,
        )

    @cached_property
    def peers(self) -> dict[str, tuple[str, list[str]]]:
        """Each rep's manager and team-mates (``reps.peer_groups``)."""
        return peer_groups(self.reps, self.names)

    def team(self) -> TeamCoaching:
        return team_coaching(
            self.deals,
            self.names,
            quotas=self.quotas,
            managers={n: manager_of(self.reps, n) for n in self.names},
            profile=self.profile,
            peers=self.peers,
        )


def coaching_inputs(
    accounts: pd.DataFrame,
    opportunities: pd.DataFrame,
    reps: pd.DataFrame,
    *,
    scored_accounts: pd.DataFrame | None = None,
    icp: IcpResult | None = None,
    as_of: pd.Timestamp | None = None,
) -> CoachingInputs:
    """Prepare once: ``scored_accounts`` (scoring's output) adds priorities; ``icp`` the best profile."""
    return CoachingInputs(
        deals=prepare_deals(opportunities, accounts, as_of=as_of),
        accounts=with_scores(accounts, scored_accounts) if scored_accounts is not None else accounts,
        reps=reps,
        names=rep_names(reps, opportunities),
        quotas=quotas_by_rep(reps),
        profile=best_profile_from_icp(icp, opportunities, accounts) if icp is not None else None,
    )
