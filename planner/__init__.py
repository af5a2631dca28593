"""Strategic Account Planner: CRM exports in, scores, profiles, territories and coaching briefs out."""

__version__ = "0.1.0"
