"""Adapters from public datasets without an accounts table to the closed-deals frame ``profile_deals`` reads.

IBM's win/loss sample is one flat table of opportunities with client size
codes; Olist's closed deals are all won, and only its marketing-qualified
leads (MQLs) that never closed can play the lost deals. What each adapter
takes, and leaves, is written next to it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from planner.icp.features import IS_WON, AttributeSet
from planner.schema import Account, Opportunity

# Olist attributes with no canonical column (names of the adapter's frame, typed here once).
LEAD_ORIGIN = "lead_origin"
LEAD_TYPE = "lead_type"
BUSINESS_TYPE = "business_type"


def ibm_deals(folder: Path) -> pd.DataFrame:
    """IBM Sales Win/Loss: firmographic columns only, never the sales-process columns.

    Region -> region; "Client Size By Employee Count" (code 1-5) -> size band; "Supplies Group" ->
    product; amount and "Total Days Identified Through Closing" -> amount and cycle days. Left out:
    stage-change counts, days in stage and their ratios (they describe the process, and would leak the
    outcome), route to market and competitor type (not attributes of the buyer). No industry exists.
    """
    raw = pd.read_csv(folder / "WA_Fn-UseC_-Sales-Win-Loss.csv", keep_default_na=False)
    return pd.DataFrame(
        {
            Opportunity.ID: raw["Opportunity Number"].astype("string"),
            Account.REGION: raw["Region"].astype("string"),
            Account.SIZE_BAND: ("Employee band " + raw["Client Size By Employee Count"].astype(str)).astype(
                "string"
            ),
            Opportunity.PRODUCT: raw["Supplies Group"].astype("string"),
            Opportunity.AMOUNT: raw["Opportunity Amount USD"].astype(float),
            Opportunity.CYCLE_DAYS: raw["Total Days Identified Through Closing"].astype(float),
            IS_WON: (raw["Opportunity Result"] == "Won").to_numpy(),
        }
    )


IBM_ATTRIBUTES = AttributeSet(
    (Account.REGION, Account.SIZE_BAND, Opportunity.PRODUCT), (Opportunity.AMOUNT, Opportunity.CYCLE_DAYS)
)


def _closed(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "olist_closed_deals_dataset.csv")


def _leads(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "olist_marketing_qualified_leads_dataset.csv")


def _olist_frame(deals: pd.DataFrame, won: np.ndarray) -> pd.DataFrame:
    contact = pd.to_datetime(deals["first_contact_date"], errors="coerce")
    won_at = pd.to_datetime(deals["won_date"], errors="coerce")
    monthly = pd.to_numeric(deals["declared_monthly_revenue"], errors="coerce")
    return pd.DataFrame(
        {
            Opportunity.ID: deals["mql_id"].astype("string"),
            Account.INDUSTRY: deals["business_segment"].astype("string"),
            LEAD_TYPE: deals["lead_type"].astype("string"),
            BUSINESS_TYPE: deals["business_type"].astype("string"),
            LEAD_ORIGIN: deals["origin"].astype("string"),
            # Declared monthly revenue (BRL), as annual; 0 means "not declared" and reads as missing.
            Account.REVENUE: monthly * 12,
            Opportunity.CYCLE_DAYS: (won_at - contact).dt.days.astype(float),
            IS_WON: won,
        }
    )


def olist_won_deals(folder: Path) -> pd.DataFrame:
    """Olist closed deals only: every one is won (the file has no lost deals)."""
    deals = _closed(folder).merge(_leads(folder), on="mql_id", how="left", validate="1:1")
    return _olist_frame(deals, np.ones(len(deals), dtype=bool))


def olist_leads(folder: Path) -> pd.DataFrame:
    """All 8,000 MQLs: the 842 that closed are won, the others are lost.

    Only the lead's origin (acquisition channel) is known for both; segment, lead type, business type
    and cycle exist only for won leads, so the leakage guard must set them aside.
    """
    leads = _leads(folder).merge(_closed(folder), on="mql_id", how="left", validate="1:1")
    return _olist_frame(leads, leads["seller_id"].notna().to_numpy())


OLIST_ATTRIBUTES = AttributeSet(
    (Account.INDUSTRY, LEAD_TYPE, BUSINESS_TYPE, LEAD_ORIGIN), (Account.REVENUE, Opportunity.CYCLE_DAYS)
)
