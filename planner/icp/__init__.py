"""Ideal customer profile: cluster closed deals, find the best product-market fit, explain and check it.

Public face: :func:`ideal_profile` (accounts + opportunities) and
:func:`profile_deals` (a ready closed-deals frame) return an :class:`IcpResult`.
"""

from planner.icp.features import AttributeSet, closed_deals
from planner.icp.ideal import ideal_profile, profile_deals
from planner.icp.lookalikes import lookalike_accounts
from planner.icp.result import IcpResult

__all__ = [
    "AttributeSet",
    "IcpResult",
    "closed_deals",
    "ideal_profile",
    "lookalike_accounts",
    "profile_deals",
]
