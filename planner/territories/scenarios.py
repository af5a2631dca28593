"""Named scenarios (preset objective weights) and the side-by-side comparison of two plans.

A scenario is what a manager chooses ("balance first" or "minimum
disruption"); the weights underneath are what the optimiser needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

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
class PlanSnapshot:
    """What a comparison reads of a plan, freshly computed or saved: its name and its numbers.

    A saved scenario keeps only the plan CSV and the metrics, so both kinds of plan are
    reduced to this before they are compared; the per-rep totals of a saved plan are
    recomputed from its rows.
    """

    label: str
    metrics: Mapping[str, Any]
    reps: pd.DataFrame  # REP, POTENTIAL, WORKLOAD, ACCOUNTS, A_TIER
    assignments: pd.DataFrame  # Account.ID, Account.NAME, OLD_OWNER, NEW_OWNER, REASON

    @classmethod
    def of_plan(cls, plan: TerritoryPlan) -> PlanSnapshot:
        return cls(plan_label(plan), vars(plan.metrics), plan.reps[list(_REP_COLUMNS)], plan.assignments)

    @classmethod
    def of_saved(cls, saved: SavedPlan) -> PlanSnapshot:
        """A saved scenario (``Store.load_scenario``): its rows must carry the plan CSV's columns."""
        rows = saved.assignments
        missing = [c for c in _SAVED_COLUMNS if c not in rows.columns]
        if missing:
            raise InputError(
                f"saved scenario '{saved.name}' lacks the plan column(s) {', '.join(missing)}.",
                column=missing[0],
                hint="Save the plan again from the Territories page or with planner territories --save.",
            )
        numbers = {c: pd.to_numeric(rows[c], errors="coerce").fillna(0.0) for c in _SAVED_NUMBERS}
        texts = {c: rows[c].astype("string") for c in (Account.ID, Territory.NEW_OWNER)}
        rows = rows.assign(**numbers, **texts)
        tier = rows[Score.TIER] if Score.TIER in rows.columns else pd.Series("", index=rows.index)
        reps = (
            rows.assign(_a_tier=tier.astype("string").eq("A").fillna(False).astype(bool))
            .groupby(Territory.NEW_OWNER, sort=False)
            .agg(
                **{
                    Score.POTENTIAL: (Score.POTENTIAL, "sum"),
                    Score.WORKLOAD: (Score.WORKLOAD, "sum"),
                    Territory.ACCOUNTS: (Account.ID, "size"),
                    Territory.A_TIER: ("_a_tier", "sum"),
                }
            )
            .astype({Territory.ACCOUNTS: "int64", Territory.A_TIER: "int64"})
            .rename_axis(Territory.REP)
            .reset_index()
        )
        return cls(f"saved '{saved.name}'", dict(saved.metrics), reps, rows)


class SavedPlan(Protocol):
    """The parts of a stored scenario a comparison needs (``planner.storage.SavedScenario`` has them)."""

    name: str
    metrics: Mapping[str, Any]
    assignments: pd.DataFrame


_REP_COLUMNS = (Territory.REP, Score.POTENTIAL, Score.WORKLOAD, Territory.ACCOUNTS, Territory.A_TIER)
_SAVED_NUMBERS = (Score.POTENTIAL, Score.WORKLOAD)
_SAVED_COLUMNS = (Account.ID, Account.NAME, Territory.OLD_OWNER, Territory.NEW_OWNER, *_SAVED_NUMBERS)


@dataclass(frozen=True)
class PlanComparison:
    """Two plans side by side: team metrics, per-rep deltas, and the accounts they place differently."""

    left: str
    right: str
    metrics: pd.DataFrame  # metric, left, right, change
    reps: pd.DataFrame  # per rep: potential/workload/accounts in each plan and the change
    changed: pd.DataFrame  # accounts whose rep differs: id, name, rep and reason in each plan
    only_left: int = 0  # accounts in the left plan only (a saved plan made on other data)
    only_right: int = 0
    compared: int = 0  # accounts in both plans

    @property
    def identical(self) -> bool:
        """Both plans hold the same accounts and give each the same rep: nothing to chart or list."""
        return self.changed.empty and not self.only_left and not self.only_right

    def identical_text(self) -> str:
        """What an identical comparison says instead of a chart of empty bars."""
        return (
            f"These two plans are identical: each of the {self.compared:,} accounts goes to the same rep "
            f"in {self.left} and in {self.right}."
        )


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


def compare_plans(left: TerritoryPlan | PlanSnapshot, right: TerritoryPlan | PlanSnapshot) -> PlanComparison:
    """Compare ``right`` against ``left`` (the change reads "right minus left").

    Either side may be a saved scenario (``PlanSnapshot.of_saved``). A rep in one plan only
    counts as zero in the other; accounts in one plan only are counted, not compared.
    """
    a_plan, b_plan = (p if isinstance(p, PlanSnapshot) else PlanSnapshot.of_plan(p) for p in (left, right))
    left_label, right_label = a_plan.label, b_plan.label
    if left_label == right_label:
        left_label, right_label = f"{left_label} (A)", f"{right_label} (B)"
    rows = []
    for name in _COMPARED:
        a, b = a_plan.metrics.get(name), b_plan.metrics.get(name)
        change = b - a if a is not None and b is not None else None
        rows.append({"metric": name, left_label: a, right_label: b, "change": change})
    metrics = pd.DataFrame(rows)

    columns = list(_REP_COLUMNS)
    reps = a_plan.reps[columns].merge(
        b_plan.reps[columns], on=Territory.REP, how="outer", suffixes=(" (left)", " (right)"), sort=False
    )
    for column in columns[1:]:
        for side in (" (left)", " (right)"):
            reps[column + side] = reps[column + side].fillna(0)
        reps[f"{column} change"] = reps[f"{column} (right)"] - reps[f"{column} (left)"]

    a = a_plan.assignments.set_index(Account.ID)
    b = b_plan.assignments.set_index(Account.ID)
    common = a.index.intersection(b.index, sort=False)
    differs = common[(a.loc[common, Territory.NEW_OWNER] != b.loc[common, Territory.NEW_OWNER]).to_numpy()]
    changed = pd.DataFrame(
        {
            Account.ID: differs,
            Account.NAME: b.loc[differs, Account.NAME].to_numpy(),
            Territory.OLD_OWNER: b.loc[differs, Territory.OLD_OWNER].to_numpy(),
            f"rep in {left_label}": a.loc[differs, Territory.NEW_OWNER].to_numpy(),
            f"rep in {right_label}": b.loc[differs, Territory.NEW_OWNER].to_numpy(),
            f"reason in {left_label}": _reasons(a, differs),
            f"reason in {right_label}": _reasons(b, differs),
        }
    )
    return PlanComparison(
        left_label,
        right_label,
        metrics,
        reps,
        changed,
        only_left=len(a.index.difference(common)),
        only_right=len(b.index.difference(common)),
        compared=len(common),
    )


def _reasons(assignments: pd.DataFrame, ids: pd.Index) -> object:
    if Territory.REASON not in assignments.columns:
        return pd.NA
    return assignments.loc[ids, Territory.REASON].to_numpy()
