"""Territory planning: balanced, compact, low-disruption assignment of accounts to reps, with scenarios.

``build_problem`` resolves accounts/reps into arrays, ``plan_territories`` solves
(exact MILP when small, LP column generation + repair + local search when large,
a grouped LP + balancing pass + local search with a Lagrangian bound when very large)
and returns a ``TerritoryPlan``; ``compare_plans`` puts two scenarios side by side.
"""

from planner.territories.cost import Weights
from planner.territories.inputs import TerritoryProblem, build_problem
from planner.territories.metrics import PlanMetrics
from planner.territories.plan import METHODS, TerritoryPlan, plan_territories
from planner.territories.scenarios import (
    DEFAULT_SCENARIO,
    SCENARIOS,
    PlanComparison,
    PlanSnapshot,
    Scenario,
    compare_plans,
)

__all__ = [
    "DEFAULT_SCENARIO",
    "METHODS",
    "SCENARIOS",
    "PlanComparison",
    "PlanMetrics",
    "PlanSnapshot",
    "Scenario",
    "TerritoryPlan",
    "TerritoryProblem",
    "Weights",
    "build_problem",
    "compare_plans",
    "plan_territories",
]
