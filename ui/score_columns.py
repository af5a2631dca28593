"""How the scored-account tables look on the Accounts and Segments pages: one definition, two pages."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner.schema import Account, Score
from planner.scoring.explain import split_reasons
from ui.formats import MONEY, literal, percent_column, show_table

ACCOUNT_COLUMNS = {
    Account.NAME: st.column_config.TextColumn("Account"),
    Account.OWNER: st.column_config.TextColumn("Owner"),
    Score.TIER: st.column_config.TextColumn("Tier", width="small"),
    Score.PRIORITY: st.column_config.ProgressColumn(
        "Priority",
        min_value=0,
        max_value=100,
        format="%.0f",
        help="0-100: weighted percentile of the components",
    ),
    Score.STRONGEST: st.column_config.TextColumn(
        "Strongest driver", help="What lifts the account most, and the slider it belongs to"
    ),
    Score.WEAKEST: st.column_config.TextColumn(
        "Weakest driver", help="What holds the account back most, and the slider it belongs to"
    ),
    Score.WHITESPACE: st.column_config.NumberColumn(
        "Whitespace", format=MONEY, help="Potential minus what the account already spends (never below 0)"
    ),
    Score.FIT: percent_column(
        "Win probability", help="Calibrated chance that a deal with this account is won"
    ),
    Score.POTENTIAL: st.column_config.NumberColumn(
        "Potential",
        format=MONEY,
        help="Expected won-deal value for an account of this size, industry, region",
    ),
    Score.MARKET: st.column_config.NumberColumn(
        "Segment market", format=MONEY, help="Summed potential of all accounts in the account's segment"
    ),
    Account.SEGMENT: st.column_config.TextColumn("Segment"),
}


def account_table(frame: pd.DataFrame, *, key: str, with_segment: bool = True) -> None:
    """Show scored accounts with the shared labels, formats and column order; a selected row's
    reasons are spelled out in full below (a cell cuts a reason off at the column's width)."""
    order = [c for c in ACCOUNT_COLUMNS if with_segment or c not in (Account.SEGMENT, Score.MARKET)]
    shown = pd.concat([frame, split_reasons(frame[Score.REASONS])], axis=1)
    event = show_table(
        shown,
        column_order=order,
        column_config=ACCOUNT_COLUMNS,
        key=key,
        on_select="rerun",
        selection_mode="single-row",
    )
    rows = event.selection.rows
    if rows:
        _reasons_card(shown.iloc[rows[0]])
    else:
        st.caption("Select a row to read why that account ranks where it does in full.")


def _reasons_card(account: pd.Series) -> None:
    with st.container(border=True):
        st.markdown(
            f"**{literal(str(account[Account.NAME]))}**: tier {account[Score.TIER]}, priority "
            f"{account[Score.PRIORITY]:.0f} of 100, win probability {account[Score.FIT]:.0%}\n\n"
            f"- **Strongest driver**: {literal(str(account[Score.STRONGEST]))}\n"
            f"- **Weakest driver**: {literal(str(account[Score.WEAKEST]))}"
        )
