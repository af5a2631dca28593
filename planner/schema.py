"""Canonical data model: every column name is typed here once.

Ingest maps whatever a CRM export calls a column onto these names; every other
module reads them from here, so renaming a column is a one-line change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

import pandas as pd


class Account:
    """Columns of the accounts table (one row per customer or prospect company)."""

    ID: Final = "account_id"
    NAME: Final = "account_name"
    INDUSTRY: Final = "industry"
    EMPLOYEES: Final = "employees"
    REVENUE: Final = "annual_revenue"
    COUNTRY: Final = "country"
    REGION: Final = "region"
    STATE: Final = "state"
    LAT: Final = "lat"
    LON: Final = "lon"
    OWNER: Final = "owner"
    SPEND: Final = "current_spend"
    PARENT: Final = "parent_id"
    # Optional: true when the account must stay with its owner (strategic customer).
    LOCKED: Final = "locked"
    # Derived at ingest, never mapped from a file.
    SIZE_BAND: Final = "size_band"
    SEGMENT: Final = "segment"


class Opportunity:
    """Columns of the opportunities table (one row per deal)."""

    ID: Final = "opportunity_id"
    ACCOUNT_ID: Final = "account_id"
    ACCOUNT_NAME: Final = "account_name"
    OWNER: Final = "owner"
    PRODUCT: Final = "product"
    STAGE: Final = "stage"
    OUTCOME: Final = "outcome"
    AMOUNT: Final = "amount"
    CREATED: Final = "created_date"
    CLOSED: Final = "close_date"
    LOST_AT_STAGE: Final = "lost_at_stage"
    # Derived at ingest.
    CYCLE_DAYS: Final = "cycle_days"


class Rep:
    """Columns of the reps table (one row per sales rep)."""

    NAME: Final = "rep_name"
    MANAGER: Final = "manager"
    REGION: Final = "rep_region"
    QUOTA: Final = "quota"
    CAPACITY: Final = "capacity"
    # Optional territory-planning inputs (absent columns mean "no limit" / "anywhere").
    # Eligibility lists hold several values separated by ";", "," or "|".
    MAX_WORKLOAD: Final = "max_workload"
    HOME_STATE: Final = "home_state"
    HOME_LAT: Final = "home_lat"
    HOME_LON: Final = "home_lon"
    ELIGIBLE_REGIONS: Final = "eligible_regions"
    ELIGIBLE_INDUSTRIES: Final = "eligible_industries"


class Territory:
    """Columns of a territory plan (one row per account) and of its per-rep summary."""

    OLD_OWNER: Final = "old_owner"
    NEW_OWNER: Final = "new_owner"
    MOVED: Final = "moved"
    REASON: Final = "reason"
    LOCKED: Final = "locked"
    DISTANCE_KM: Final = "distance_km"
    REP: Final = "rep"
    ACCOUNTS: Final = "accounts"
    A_TIER: Final = "a_tier_accounts"
    POTENTIAL_INDEX: Final = "potential_vs_mean"
    WORKLOAD_INDEX: Final = "workload_vs_mean"
    MEAN_KM: Final = "mean_km_to_home"
    HOME_SHARE: Final = "home_region_share"
    MOVED_IN: Final = "moved_in"
    MOVED_OUT: Final = "moved_out"


class Market:
    """Columns of the optional market reference table (one row per industry x state)."""

    INDUSTRY: Final = "industry"
    STATE: Final = "state"
    NAICS: Final = "naics"
    FIRMS: Final = "firms"
    EMPLOYMENT: Final = "employment"
    PAYROLL: Final = "payroll_usd"


class Score:
    """Columns the scoring step adds to accounts."""

    POTENTIAL: Final = "potential"
    WHITESPACE: Final = "whitespace"
    FIT: Final = "fit"
    MARKET: Final = "market"
    PRIORITY: Final = "priority"
    TIER: Final = "tier"
    REASONS: Final = "reasons"
    # The reasons' two halves, for tables that show them side by side (``scoring.explain.split_reasons``).
    STRONGEST: Final = "strongest_driver"
    WEAKEST: Final = "weakest_driver"
    WORKLOAD: Final = "workload"
    # Scoring detail: each component normalised to 0..1 (rank percentile), the ideal-profile
    # similarity when supplied, and the segment's share of reference firms already in the data.
    POTENTIAL_PCT: Final = "potential_pct"
    FIT_PCT: Final = "fit_pct"
    MARKET_PCT: Final = "market_pct"
    LOOKALIKE: Final = "lookalike"
    CUSTOMER: Final = "is_customer"


class SegmentStats:
    """Columns of the segment roll-up (one row per industry x region x size band)."""

    ACCOUNTS: Final = "accounts"
    CUSTOMERS: Final = "customers"
    PENETRATION: Final = "penetration"
    CLOSED: Final = "closed_deals"
    WON: Final = "won_deals"
    WIN_RATE: Final = "win_rate"
    AVG_WON: Final = "avg_won_deal"
    MEDIAN_CYCLE: Final = "median_cycle_days"
    POTENTIAL: Final = "segment_potential"
    WHITESPACE: Final = "segment_whitespace"
    FIT: Final = "avg_fit"
    SCORE: Final = "segment_score"  # mean priority of the segment's accounts
    TOP_SCORE: Final = "top_accounts_score"  # mean priority of its best accounts: what segments rank by
    REF_FIRMS: Final = "reference_firms"
    REF_EMPLOYMENT: Final = "reference_employment"
    REF_SHARE: Final = "reference_coverage"


class Icp:
    """Columns of the ideal-profile step (closed-deal frame and lookalike table)."""

    IS_WON: Final = "is_won"
    CLUSTER: Final = "cluster"  # also the field name of ClusterProfile.cluster
    BEST: Final = "best"
    OPEN_DEALS: Final = "open_deals"


# Outcomes every stage name is normalised to.
WON: Final = "won"
LOST: Final = "lost"
OPEN: Final = "open"
OUTCOMES: Final = (WON, LOST, OPEN)

# The open pipeline stages, in order; lost deals record the last one they reached.
PIPELINE_STAGES: Final = ("Prospecting", "Qualification", "Proposal", "Negotiation")

TIERS: Final = ("A", "B", "C", "D")

# Employee-count bands used for segments: (lower bound inclusive, label).
SIZE_BANDS: Final = (
    (0, "1-49"),
    (50, "50-199"),
    (200, "200-999"),
    (1000, "1,000-4,999"),
    (5000, "5,000+"),
)
UNKNOWN: Final = "Unknown"


_WON_WORDS = {"won", "closed won", "closedwon", "win", "closed/won", "signed", "booked", "success"}
_LOST_WORDS = {
    "lost",
    "loss",
    "closed lost",
    "closedlost",
    "closed/lost",
    "lose",
    "dead",
    "disqualified",
    "cancelled",
    "canceled",
    "no decision",
}


def normalise_stage(raw: object) -> str:
    """Map a CRM stage label to won / lost / open.

    Exports spell the same outcome many ways (``Closed Won``, ``closed-won``,
    ``Won``, ``ClosedWon``); anything that is not clearly closed is open pipeline.
    """
    if raw is None or (isinstance(raw, float) and pd.isna(raw)):
        return OPEN
    text = " ".join(str(raw).strip().lower().replace("-", " ").replace("_", " ").split())
    if text in _WON_WORDS or text.replace(" ", "") in _WON_WORDS:
        return WON
    if text in _LOST_WORDS or text.replace(" ", "") in _LOST_WORDS:
        return LOST
    if text.startswith("closed won") or text.endswith(" won"):
        return WON
    if text.startswith("closed lost") or text.endswith(" lost"):
        return LOST
    return OPEN


def size_band(employees: pd.Series) -> pd.Series:
    """Label each employee count with its size band; missing counts are ``Unknown``."""
    bounds = [b for b, _ in SIZE_BANDS] + [float("inf")]
    labels = [label for _, label in SIZE_BANDS]
    banded = pd.cut(employees, bins=bounds, labels=labels, right=False)
    return banded.astype("string").fillna(UNKNOWN)


def segment_label(industry: pd.Series, region: pd.Series, band: pd.Series) -> pd.Series:
    """A segment is industry x region x size band, written for people to read."""
    return (
        industry.fillna(UNKNOWN).astype("string")
        + " | "
        + region.fillna(UNKNOWN).astype("string")
        + " | "
        + band.fillna(UNKNOWN).astype("string")
    )


@dataclass(frozen=True)
class ColumnSpec:
    """One canonical column: its dtype kind and whether a file must provide it."""

    name: str
    kind: str  # "id", "text", "number", "date", "category"
    required: bool = False
    label: str = ""


@dataclass(frozen=True)
class TableSpec:
    """A canonical table: its columns in display order."""

    name: str
    columns: tuple[ColumnSpec, ...] = field(default_factory=tuple)

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def kind(self, column: str) -> str:
        return next(c.kind for c in self.columns if c.name == column)

    def label(self, column: str) -> str:
        """How a person names the column ("Annual revenue"); the canonical name when it has no label."""
        return next((c.label for c in self.columns if c.name == column and c.label), column)


ACCOUNTS = TableSpec(
    "accounts",
    (
        ColumnSpec(Account.ID, "id", label="Account ID"),
        ColumnSpec(Account.NAME, "text", required=True, label="Account name"),
        ColumnSpec(Account.INDUSTRY, "category", label="Industry"),
        ColumnSpec(Account.EMPLOYEES, "number", label="Employees"),
        ColumnSpec(Account.REVENUE, "number", label="Annual revenue"),
        ColumnSpec(Account.COUNTRY, "category", label="Country"),
        ColumnSpec(Account.REGION, "category", label="Region"),
        ColumnSpec(Account.STATE, "category", label="State"),
        ColumnSpec(Account.LAT, "number", label="Latitude"),
        ColumnSpec(Account.LON, "number", label="Longitude"),
        ColumnSpec(Account.OWNER, "text", label="Account owner"),
        ColumnSpec(Account.SPEND, "number", label="Current spend / ARR"),
        ColumnSpec(Account.PARENT, "id", label="Parent account"),
    ),
)

OPPORTUNITIES = TableSpec(
    "opportunities",
    (
        ColumnSpec(Opportunity.ID, "id", label="Opportunity ID"),
        ColumnSpec(Opportunity.ACCOUNT_ID, "id", label="Account ID"),
        ColumnSpec(Opportunity.ACCOUNT_NAME, "text", label="Account name"),
        ColumnSpec(Opportunity.OWNER, "text", label="Opportunity owner"),
        ColumnSpec(Opportunity.PRODUCT, "category", label="Product"),
        ColumnSpec(Opportunity.STAGE, "category", required=True, label="Stage"),
        ColumnSpec(Opportunity.AMOUNT, "number", label="Amount"),
        ColumnSpec(Opportunity.CREATED, "date", label="Created date"),
        ColumnSpec(Opportunity.CLOSED, "date", label="Close date"),
        ColumnSpec(Opportunity.LOST_AT_STAGE, "category", label="Stage at loss"),
    ),
)

REPS = TableSpec(
    "reps",
    (
        ColumnSpec(Rep.NAME, "text", required=True, label="Rep"),
        ColumnSpec(Rep.MANAGER, "text", label="Manager"),
        ColumnSpec(Rep.REGION, "category", label="Region"),
        ColumnSpec(Rep.QUOTA, "number", label="Quota"),
        ColumnSpec(Rep.CAPACITY, "number", label="Capacity (accounts)"),
        ColumnSpec(Rep.MAX_WORKLOAD, "number", label="Max workload"),
        ColumnSpec(Rep.HOME_STATE, "category", label="Home state"),
        ColumnSpec(Rep.HOME_LAT, "number", label="Home latitude"),
        ColumnSpec(Rep.HOME_LON, "number", label="Home longitude"),
        ColumnSpec(Rep.ELIGIBLE_REGIONS, "text", label="Eligible regions"),
        ColumnSpec(Rep.ELIGIBLE_INDUSTRIES, "text", label="Eligible industries"),
    ),
)

MARKET = TableSpec(
    "market",
    (
        ColumnSpec(Market.INDUSTRY, "category", required=True, label="Industry"),
        ColumnSpec(Market.STATE, "category", required=True, label="State"),
        ColumnSpec(Market.NAICS, "id", label="NAICS sector"),
        ColumnSpec(Market.FIRMS, "number", label="Firms"),
        ColumnSpec(Market.EMPLOYMENT, "number", label="Employment"),
        ColumnSpec(Market.PAYROLL, "number", label="Annual payroll (USD)"),
    ),
)

TABLES: Final = {t.name: t for t in (ACCOUNTS, OPPORTUNITIES, REPS, MARKET)}
