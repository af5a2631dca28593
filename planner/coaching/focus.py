"""The 3-5 accounts of a rep's territory to work first, each with the reason in numbers.

A mix, because a session that only talks about open deals never builds the
next quarter: the highest-priority accounts with open pipeline, the largest
whitespace without an open deal, an account that looks like the best-fit
profile but is not yet a customer, then the next by priority.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from planner.coaching.deals import STAGE_LABEL, VALUE, Deals, rep_key
from planner.formatting import money
from planner.formatting import percent as pct
from planner.schema import OPEN, WON, Account, Opportunity, Score

OPEN_PIPELINE: Final = "open pipeline"
WHITESPACE: Final = "whitespace"
LOOKALIKE: Final = "lookalike"
PRIORITY: Final = "priority"
MIN_SIMILARITY: Final = 0.5


@dataclass(frozen=True)
class FocusAccount:
    """One account to work, why it was picked, and its figures."""

    account_id: str
    name: str
    why: str  # OPEN_PIPELINE, WHITESPACE, LOOKALIKE or PRIORITY
    reason: str
    priority: float | None
    tier: str | None
    open_deals: int
    open_value: float
    whitespace: float | None
    similarity: float | None


_SCORE_COLUMNS: Final = (Score.PRIORITY, Score.TIER, Score.WHITESPACE, Score.POTENTIAL)


def with_scores(accounts: pd.DataFrame, scored: pd.DataFrame) -> pd.DataFrame:
    """The accounts (all their columns, same index) with the scoring columns of ``scored`` joined by id."""
    columns = [c for c in _SCORE_COLUMNS if c in scored.columns]
    by_id = scored.drop_duplicates(Account.ID).set_index(Account.ID)[columns]
    joined = by_id.reindex(accounts[Account.ID].to_numpy())
    return accounts.drop(columns=[c for c in columns if c in accounts.columns]).assign(
        **{c: joined[c].to_numpy() for c in columns}
    )


def territory(accounts: pd.DataFrame, deals: Deals, rep: str) -> pd.DataFrame:
    """The rep's accounts: owned by the rep, or carrying one of the rep's open deals."""
    mine = deals.of(rep)
    with_open = set(mine.loc[mine[Opportunity.OUTCOME] == OPEN, Opportunity.ACCOUNT_ID].dropna())
    owned = accounts[Account.OWNER].astype("string").map(rep_key, na_action="ignore") == rep_key(rep)
    return accounts[
        owned.fillna(False).to_numpy(dtype=bool) | accounts[Account.ID].isin(with_open).to_numpy()
    ]


def focus_accounts(
    accounts: pd.DataFrame,
    deals: Deals,
    rep: str,
    *,
    similarity: pd.Series | None = None,
    n: int = 5,
) -> list[FocusAccount]:
    """Pick up to ``n`` accounts; ``accounts`` may carry scoring columns (priority, tier, whitespace)."""
    frame = _enrich(territory(accounts, deals, rep), deals, rep, similarity)
    if frame.empty:
        return []
    rank = Score.PRIORITY if frame[Score.PRIORITY].notna().any() else "_open_value"
    picked: list[tuple[object, str]] = []

    def take(candidates: pd.DataFrame, by: str, why: str, count: int) -> None:
        chosen = {label for label, _ in picked}
        rows = candidates[~candidates.index.isin(chosen)].dropna(subset=[by])
        for label in rows.sort_values(by, ascending=False, kind="stable").index[:count]:
            picked.append((label, why))

    has_open = frame["_open_deals"] > 0
    take(frame[has_open], rank, OPEN_PIPELINE, 2)
    take(frame[~has_open & (frame[Score.WHITESPACE] > 0)], Score.WHITESPACE, WHITESPACE, 1)
    prospects = ~has_open & ~frame["_customer"] & (frame["_similarity"] >= MIN_SIMILARITY)
    take(frame[prospects], "_similarity", LOOKALIKE, 1)
    take(frame, rank, PRIORITY if rank == Score.PRIORITY else OPEN_PIPELINE, n - len(picked))
    return [_focus(frame.loc[label], why, frame) for label, why in picked[:n]]


def _enrich(frame: pd.DataFrame, deals: Deals, rep: str, similarity: pd.Series | None) -> pd.DataFrame:
    mine = deals.of(rep)
    open_ = mine[mine[Opportunity.OUTCOME] == OPEN]
    stage_order = {s: i for i, s in enumerate(deals.stages)}
    furthest = (
        open_.assign(_order=open_[STAGE_LABEL].astype(str).map(stage_order))
        .sort_values("_order")
        .groupby(Opportunity.ACCOUNT_ID, observed=True)[STAGE_LABEL]
        .last()
    )
    won_accounts = set(
        deals.table.loc[deals.table[Opportunity.OUTCOME] == WON, Opportunity.ACCOUNT_ID].dropna()
    )
    ids = frame[Account.ID]
    sim = similarity if similarity is not None else frame.get(Score.LOOKALIKE)
    out = frame.assign(
        _open_deals=ids.map(open_.groupby(Opportunity.ACCOUNT_ID).size()).fillna(0).astype(int).to_numpy(),
        _open_value=ids.map(open_.groupby(Opportunity.ACCOUNT_ID)[VALUE].sum()).fillna(0.0).to_numpy(),
        _furthest=ids.map(furthest.astype(str)).to_numpy(),
        _customer=ids.isin(won_accounts).to_numpy(),
        _similarity=(
            sim.reindex(frame.index).astype("float64").to_numpy()
            if sim is not None
            else np.full(len(frame), np.nan)
        ),
    )
    for column in (Score.PRIORITY, Score.WHITESPACE, Score.TIER, Score.POTENTIAL):
        if column not in out:
            out[column] = np.nan
    return out


def _focus(row: pd.Series, why: str, frame: pd.DataFrame) -> FocusAccount:
    priority = _number(row[Score.PRIORITY])
    tier = None if pd.isna(row[Score.TIER]) else str(row[Score.TIER])
    rank_text = ""
    if priority is not None:
        rank = int((frame[Score.PRIORITY] > priority).sum()) + 1
        tier_text = f", tier {tier}" if tier else ""
        rank_text = f"priority {priority:.0f}{tier_text} (#{rank} of {len(frame)} in your territory)"
    if why == OPEN_PIPELINE:
        reason = f"{_open_deals(row['_open_deals'])} worth {money(row['_open_value'])}"
        reason += f" (furthest at {row['_furthest']})"
    elif why == WHITESPACE:
        spend = _number(row.get(Account.SPEND))
        reason = f"no open deal; whitespace {money(row[Score.WHITESPACE])}"
        if _number(row[Score.POTENTIAL]) is not None:
            reason += f" (potential {money(row[Score.POTENTIAL])} vs current spend {money(spend or 0.0)})"
    elif why == LOOKALIKE:
        reason = f"not yet a customer; {pct(row['_similarity'])} similar to the best-fit profile"
        reason += _firmographics(row)
    else:
        reason = _open_deals(row["_open_deals"]) if row["_open_deals"] else "no open deal"
    reason = "; ".join(p for p in (reason, rank_text) if p)
    return FocusAccount(
        account_id=str(row[Account.ID]),
        name=str(row[Account.NAME]),
        why=why,
        reason=reason,
        priority=priority,
        tier=tier,
        open_deals=int(row["_open_deals"]),
        open_value=float(row["_open_value"]),
        whitespace=_number(row[Score.WHITESPACE]),
        similarity=_number(row["_similarity"]),
    )


def _open_deals(count: int) -> str:
    return f"{count} open deal" if count == 1 else f"{count} open deals"


def _firmographics(row: pd.Series) -> str:
    parts = [str(row[c]) for c in (Account.INDUSTRY, Account.REGION) if c in row and pd.notna(row[c])]
    employees = _number(row.get(Account.EMPLOYEES))
    if employees is not None:
        parts.append(f"{employees:,.0f} employees")
    return f" ({', '.join(parts)})" if parts else ""


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if np.isnan(number) else number
