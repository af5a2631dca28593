"""Named scenarios (preset objective weights) and the side-by-side comparison of two plans.

A scenario is what a manager chooses ("balance first" or "minimum
disruption"); the weights underneath are what the optimiser needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from planner.errors import InputError
from planner.schema import Account, Score, Territory
from planner.territories.cost import Weights

if TYPE_CHECKING:
    from planner.territories.plan import TerritoryPlan


@dataclass(frozen=True)
class Scenario:
    """A named set of objective weights with the trade-off it makes, in one sentence."""

    name: str
    description: str
    weights: Weights


SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (
        Scenario(
            "Minimum disruption",
            "Move as few accounts as possible; geography only breaks ties.",
            Weights(move=1.0, geography=0.05),
        ),
        Scenario(
            "Balance first",
            "Pull every rep towards the team mean, even inside the tolerance; moves are cheap.",
            Weights(move=0.2, geography=0.05, balance=20.0),
        ),
        Scenario(
            "Compact territories",
            "Keep each rep's accounts close to home; accept more moves for shorter travel.",
            Weights(move=0.3, geography=1.0),
        ),
        Scenario(
            "Protect big customers",
            "Moving a large account costs more than moving a small one.",
            Weights(move=0.5, move_value=1.0, geography=0.05),
        ),
    )
}
DEFAULT_SCENARIO = "Minimum disruption"


def scenario(name: str | None) -> Scenario:
    """The preset of that name (case-insensitive); a clear error listing the choices otherwise."""
    if name is None:
        return SCENARIOS[DEFAULT_SCENARIO]
    for key, value in SCENARIOS.items():
        if key.lower() == name.strip().lower():
            return value
    raise InputError(f"unknown scenario '{name}'.", hint=f"Choose one of: {', '.join(SCENARIOS)}.")


@dataclass(frozen=True)
class PlanComparison:
    """Two plans side by side: team metrics, per-rep deltas, and the accounts they place differently."""

    left: str
    right: str
    metrics: pd.DataFrame  # metric, left, right, change
    reps: pd.DataFrame  # per rep: potential/workload/accounts in each plan and the change
    changed: pd.DataFrame  # accounts whose rep differs: id, name, rep in left, rep in right, reason in right


_COMPARED = (
    "potential_cv",
    "workload_cv",
    "max_potential_deviation",
    "max_workload_deviation",
    "moved_accounts",
    "moved_value",
    "mean_distance_km",
    "home_region_share",
    "bound_gap",
)


def plan_label(plan: TerritoryPlan) -> str:
    """ "Balance first, ±5%": how a plan is named in a comparison."""
    return f"{plan.scenario}, ±{100 * plan.tolerance:g}%"


def compare_plans(left: TerritoryPlan, right: TerritoryPlan) -> PlanComparison:
    """Compare ``right`` against ``left`` (the change reads "right minus left")."""
    left_label, right_label = plan_label(left), plan_label(right)
    if left_label == right_label:
        left_label, right_label = f"{left_label} (A)", f"{right_label} (B)"
    rows = []
    for name in _COMPARED:
        a, b = getattr(left.metrics, name), getattr(right.metrics, name)
        change = b - a if a is not None and b is not None else None
        rows.append({"metric": name, left_label: a, right_label: b, "change": change})
    metrics = pd.DataFrame(rows)

    columns = [Territory.REP, Score.POTENTIAL, Score.WORKLOAD, Territory.ACCOUNTS, Territory.A_TIER]
    reps = left.reps[columns].merge(right.reps[columns], on=Territory.REP, suffixes=(" (left)", " (right)"))
    for column in columns[1:]:
        reps[f"{column} change"] = reps[f"{column} (right)"] - reps[f"{column} (left)"]

    a = left.assignments.set_index(Account.ID)
    b = right.assignments.set_index(Account.ID)
    common = a.index.intersection(b.index)
    differs = common[(a.loc[common, Territory.NEW_OWNER] != b.loc[common, Territory.NEW_OWNER]).to_numpy()]
    changed = pd.DataFrame(
        {
            Account.ID: differs,
            Account.NAME: b.loc[differs, Account.NAME].to_numpy(),
            Territory.OLD_OWNER: b.loc[differs, Territory.OLD_OWNER].to_numpy(),
            f"rep in {left_label}": a.loc[differs, Territory.NEW_OWNER].to_numpy(),
            f"rep in {right_label}": b.loc[differs, Territory.NEW_OWNER].to_numpy(),
            Territory.REASON: b.loc[differs, Territory.REASON].to_numpy(),
        }
    )
    return PlanComparison(left_label, right_label, metrics, reps, changed)
