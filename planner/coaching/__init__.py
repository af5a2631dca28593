"""Strategic coaching: per-rep SLED briefs built from the data, and the team view.

Public face::

    inputs = coaching_inputs(accounts, opportunities, reps, scored_accounts=..., icp=...)  # once per dataset
    brief = inputs.brief("jason miller", previous=store.previous_session(...))
    to_markdown(brief) / to_html(brief)
    inputs.team()                                   # the team view

(``prepare_deals`` + ``build_brief`` / ``team_coaching`` are the same with plain inputs.)

One module per concept: ``performance`` (ROAM), ``stalls`` (the one thing to
fix), ``fit_gap`` (best-fit share and segment shift), ``recommendations``
(training / coaching / feedback), ``focus`` (accounts), ``targets``,
``questions``, ``brief``, ``render``, ``team``; ``significance`` is the guard
against telling a rep something from noise.
"""

from planner.coaching.brief import CoachingBrief, build_brief
from planner.coaching.deals import Deals, prepare_deals
from planner.coaching.fit_gap import BestProfile, best_profile_from_icp, profile_deal_mask
from planner.coaching.inputs import CoachingInputs, coaching_inputs
from planner.coaching.recommendations import COACHING, FEEDBACK, TRAINING, Recommendation
from planner.coaching.render import to_html, to_markdown
from planner.coaching.reps import annual_quota, manager_of, quotas_by_rep, rep_names, resolve_rep
from planner.coaching.team import TeamCoaching, team_coaching

__all__ = [
    "COACHING",
    "FEEDBACK",
    "TRAINING",
    "BestProfile",
    "CoachingBrief",
    "CoachingInputs",
    "Deals",
    "Recommendation",
    "TeamCoaching",
    "annual_quota",
    "best_profile_from_icp",
    "build_brief",
    "coaching_inputs",
    "manager_of",
    "prepare_deals",
    "profile_deal_mask",
    "quotas_by_rep",
    "rep_names",
    "resolve_rep",
    "team_coaching",
    "to_html",
    "to_markdown",
]
