"""The deal table every coaching statement is computed from, prepared once per dataset.

Coaching compares one rep with the rest of the team many times (performance,
stalls, fit, the team view), so the columns those comparisons need are derived
once here: whose deal it is (case-insensitively), its segment, its value (open
deals without an amount get an estimate, flagged), its age if open, and whether
it closed inside the review window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Final

import numpy as np
import pandas as pd

from planner.schema import LOST, OPEN, PIPELINE_STAGES, UNKNOWN, WON, Account, Opportunity

# The review window: closed deals within this many days before ``as_of`` are "this period".
WINDOW_DAYS: Final = 365

# Columns added to the deal table (private to the coaching package).
REP_KEY: Final = "_rep"
SEGMENT: Final = "_segment"
VALUE: Final = "_value"
ESTIMATED: Final = "_value_estimated"
AGE: Final = "_age_days"
IN_WINDOW: Final = "_in_window"
STAGE_LABEL: Final = "_stage"


# Opportunity columns coaching reads; the rest of an export is not copied.
_KEPT: Final = (
    Opportunity.ID,
    Opportunity.ACCOUNT_ID,
    Opportunity.OWNER,
    Opportunity.PRODUCT,
    Opportunity.STAGE,
    Opportunity.OUTCOME,
    Opportunity.AMOUNT,
    Opportunity.CREATED,
    Opportunity.CLOSED,
    Opportunity.LOST_AT_STAGE,
    Opportunity.CYCLE_DAYS,
)


def rep_key(name: object) -> str:
    """How rep names are compared: case- and space-insensitive."""
    return " ".join(str(name).split()).casefold()


@dataclass(frozen=True, eq=False)
class Deals:
    """Opportunities with the derived coaching columns, the as-of date and the review window start."""

    table: pd.DataFrame
    as_of: pd.Timestamp
    window_start: pd.Timestamp
    segment_column: str
    has_lost_stage: bool
    has_amounts: bool

    @cached_property
    def keys(self) -> np.ndarray:
        """The rep key of every deal as a plain array (fast repeated comparisons)."""
        return self.table[REP_KEY].astype(str).to_numpy()

    def of(self, rep: str) -> pd.DataFrame:
        """This rep's deals."""
        return self.table[self.keys == rep_key(rep)]

    def others(self, rep: str) -> pd.DataFrame:
        """Everyone else's deals: the team baseline a rep is compared with."""
        return self.table[self.keys != rep_key(rep)]

    def peers(self, rep: str, peers: Sequence[str] | None) -> pd.DataFrame:
        """The deals of ``peers`` (e.g. the rep's manager's team), or of everyone else when ``None``."""
        if peers is None:
            return self.others(rep)
        keys = {rep_key(p) for p in peers} - {rep_key(rep)}
        return self.table[np.isin(self.keys, list(keys))]

    @cached_property
    def team_size(self) -> int:
        """Reps with at least one deal: the size of the family every significance test belongs to."""
        return max(len(set(self.keys.tolist())), 1)

    @cached_property
    def stages(self) -> list[str]:
        """Open stages in pipeline order (the canonical order first, then any others the data uses)."""
        used = self.table.loc[self.table[Opportunity.OUTCOME] == OPEN, STAGE_LABEL].dropna().unique().tolist()
        used += self.table[Opportunity.LOST_AT_STAGE].dropna().astype(str).unique().tolist()
        known = [s for s in PIPELINE_STAGES if s in used]
        return known + sorted(set(used) - set(known))


def prepare_deals(
    opportunities: pd.DataFrame,
    accounts: pd.DataFrame,
    *,
    as_of: pd.Timestamp | None = None,
    segment_column: str = Account.INDUSTRY,
) -> Deals:
    """Derive the coaching columns; ``as_of`` defaults to the latest date in the data (not today).

    Historic exports end long before today, so "today" would make every open
    deal look years old; the latest created date or close date of a closed deal
    is when the export was taken (an open deal's close date is a forecast).
    """
    deals = opportunities[list(_KEPT)].copy()  # narrow: the per-rep filters run many times
    if as_of is None:
        closed_dates = deals.loc[deals[Opportunity.OUTCOME] != OPEN, Opportunity.CLOSED]
        latest = pd.concat([deals[Opportunity.CREATED], closed_dates]).max()
        as_of = pd.Timestamp(latest) if pd.notna(latest) else pd.Timestamp.today().normalize()
    window_start = as_of - pd.Timedelta(days=WINDOW_DAYS)

    deals[REP_KEY] = deals[Opportunity.OWNER].fillna(UNKNOWN).map(rep_key)
    segments = accounts.drop_duplicates(Account.ID).set_index(Account.ID)[segment_column]
    deals[SEGMENT] = deals[Opportunity.ACCOUNT_ID].map(segments).fillna(UNKNOWN).astype("string")
    deals[STAGE_LABEL] = deals[Opportunity.STAGE].astype("string").str.strip()

    outcome = deals[Opportunity.OUTCOME]
    value, estimated = _deal_values(deals)
    deals[VALUE] = value
    deals[ESTIMATED] = estimated
    is_open = outcome == OPEN
    deals[AGE] = np.where(is_open, (as_of - deals[Opportunity.CREATED]).dt.days, np.nan)
    closed = outcome.isin([WON, LOST])
    close = deals[Opportunity.CLOSED]
    deals[IN_WINDOW] = closed & (close.isna() | ((close > window_start) & (close <= as_of)))
    # Categories make the many per-rep boolean filters cheap (integer takes instead of string copies).
    for column in (
        REP_KEY,
        SEGMENT,
        STAGE_LABEL,
        Opportunity.OUTCOME,
        Opportunity.LOST_AT_STAGE,
        Opportunity.PRODUCT,
        Opportunity.ACCOUNT_ID,
    ):
        deals[column] = deals[column].astype("category")
    deals = deals.drop(columns=[Opportunity.OWNER, Opportunity.STAGE, Opportunity.ID])
    return Deals(
        table=deals,
        as_of=as_of,
        window_start=window_start,
        segment_column=segment_column,
        has_lost_stage=bool(deals.loc[outcome == LOST, Opportunity.LOST_AT_STAGE].notna().any()),
        has_amounts=bool(deals.loc[outcome == WON, Opportunity.AMOUNT].notna().any()),
    )


def _deal_values(deals: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Amount, or for an open deal without one the team's median won amount for its product.

    Some exports (Maven's) leave open deals without a value; counting them as 0
    would call a full pipeline empty, so they are estimated and flagged.
    """
    amount = deals[Opportunity.AMOUNT].astype("float64")
    won = deals[deals[Opportunity.OUTCOME] == WON]
    by_product = won.groupby(Opportunity.PRODUCT, observed=True)[Opportunity.AMOUNT].median()
    overall = won[Opportunity.AMOUNT].median()
    estimate = deals[Opportunity.PRODUCT].map(by_product).astype("float64").fillna(overall)
    missing = amount.isna() & (deals[Opportunity.OUTCOME] == OPEN)
    return amount.where(~missing, estimate), missing & estimate.notna()
