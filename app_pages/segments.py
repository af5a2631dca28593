"""Segments: the VP's view of industry x region x size band: where the market is, where we win, drill-down.

Thin by design: the roll-up and the matrix come from ``planner.scoring.segments``;
the weights are the ones set on the Accounts page (``ui.state``).
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from planner.charts.scoring import METRIC_LABELS, segment_bubbles, segment_heatmap
from planner.errors import InputError
from planner.formatting import money
from planner.schema import Account, SegmentStats
from planner.scoring.filters import AccountFilter
from planner.scoring.segments import MATRIX_METRICS, TOP_ACCOUNTS, matrix
from ui import cached, score_columns, state
from ui.formats import COUNT, MONEY, percent_column, percent_text, show_table

LAYOUTS = {
    "Industry x size band": (Account.INDUSTRY, Account.SIZE_BAND),
    "Industry x region": (Account.INDUSTRY, Account.REGION),
    "Region x size band": (Account.REGION, Account.SIZE_BAND),
}
SEGMENT_COLUMNS = {
    Account.SEGMENT: st.column_config.TextColumn("Segment"),
    SegmentStats.TOP_SCORE: st.column_config.ProgressColumn(
        "Score",
        min_value=0,
        max_value=100,
        format=COUNT,
        help=f"Mean priority of the segment's {TOP_ACCOUNTS} best accounts; a segment with fewer "
        f"accounts counts each missing place as 0. The table is ranked by it.",
    ),
    SegmentStats.ACCOUNTS: st.column_config.NumberColumn("Accounts", format=COUNT),
    SegmentStats.SCORE: st.column_config.NumberColumn(
        "Mean priority", format=COUNT, help="Mean priority of all the segment's accounts"
    ),
    SegmentStats.PENETRATION: percent_column(
        "Penetration", help="Share of the segment's accounts that are already customers"
    ),
    SegmentStats.WIN_RATE: percent_column("Win rate", help="Won / closed deals of the segment's accounts"),
    SegmentStats.CLOSED: st.column_config.NumberColumn("Closed deals", format=COUNT),
    SegmentStats.AVG_WON: st.column_config.NumberColumn("Average won deal", format=MONEY),
    SegmentStats.MEDIAN_CYCLE: st.column_config.NumberColumn(
        "Cycle (days)", format=COUNT, help="Median days from creation to close of won deals"
    ),
    SegmentStats.POTENTIAL: st.column_config.NumberColumn(
        "Market size", format=MONEY, help="Summed potential of the segment's accounts"
    ),
    SegmentStats.WHITESPACE: st.column_config.NumberColumn("Whitespace", format=MONEY),
    SegmentStats.REF_FIRMS: st.column_config.NumberColumn(
        "Firms in reference",
        format=COUNT,
        help="US Census SUSB 2021 firms of the industry in the region's states",
    ),
}
DRILL_ROWS = 200

st.title("Segments")
workspace = state.workspace()
weights = state.score_weights()
st.caption(
    f"Industry x region x size band. Priorities use the weights set on the Accounts page "
    f"({weights.describe()}); win rate, deal size and cycle come from the closed deals."
)
try:
    result = cached.active_scores(workspace)
except InputError as error:
    st.error(f"Segments cannot be scored on this data: {error}")
    st.stop()

segments = result.segments
closed = segments[SegmentStats.CLOSED].sum()
won = segments[SegmentStats.WON].sum()
first, second, third, fourth = st.columns(4)
first.metric(
    "Segments", f"{len(segments):,}", help="Industry x region x size band combinations with accounts"
)
second.metric(
    "Accounts", f"{int(segments[SegmentStats.ACCOUNTS].sum()):,}", help="Scored accounts across all segments"
)
third.metric(
    "Win rate", percent_text(won / closed) if closed else "–", help="Won / closed deals over all segments"
)
fourth.metric(
    "Whitespace", money(segments[SegmentStats.WHITESPACE].sum()), help="Summed potential not yet spent"
)

left, right = st.columns(2)
layout = left.selectbox("Matrix", list(LAYOUTS), key=state.score_widget_key("matrix_layout"))
metric = right.selectbox(
    "Show", list(MATRIX_METRICS), format_func=METRIC_LABELS.get, key=state.score_widget_key("matrix_metric")
)
rows, columns = LAYOUTS[layout]
st.plotly_chart(segment_heatmap(matrix(segments, metric, rows, columns), metric), width="stretch")
st.plotly_chart(segment_bubbles(segments), width="stretch")

st.subheader("All segments")
short = int((segments[SegmentStats.ACCOUNTS] < TOP_ACCOUNTS).sum())
st.caption(
    f"Ranked by Score: the mean priority of each segment's {TOP_ACCOUNTS} best accounts, the list a rep "
    f"would work first. A segment with fewer than {TOP_ACCOUNTS} accounts counts each missing place as 0, "
    f"so a handful of strong accounts does not outrank a full list ({short:,} of {len(segments):,} segments "
    f"are that small). Mean priority averages all of a segment's accounts."
)
show_table(
    segments,
    column_order=[c for c in SEGMENT_COLUMNS if c in segments.columns],
    column_config=SEGMENT_COLUMNS,
)

st.subheader("Drill down")
names = segments[Account.SEGMENT].astype(str).tolist()
focus = state.segment_focus()
chosen = st.selectbox(
    "Segment",
    names,
    index=state.position(names, focus),
    key=state.score_widget_key("drill_segment"),
    help="Segments in order of score",
)
state.set_segment_focus(chosen)
row = segments[segments[Account.SEGMENT] == chosen].iloc[0]
a, b, c, d = st.columns(4)
a.metric("Accounts", f"{int(row[SegmentStats.ACCOUNTS]):,}", help="Scored accounts in this segment")
b.metric("Penetration", percent_text(row[SegmentStats.PENETRATION]), help="Share already customers")
c.metric(
    "Win rate",
    percent_text(row[SegmentStats.WIN_RATE]) if row[SegmentStats.CLOSED] else "–",
    help=f"{int(row[SegmentStats.CLOSED]):,} closed deals",
)
d.metric("Market size", money(row[SegmentStats.POTENTIAL]), help="Summed potential of its accounts")
members = AccountFilter(segment=chosen).apply(result.accounts)
score_columns.account_table(
    members.head(DRILL_ROWS), key=state.score_widget_key("segment_table"), with_segment=False
)
if st.button("Open these accounts on the Accounts page", key=state.score_widget_key("open_segment")):
    state.set_account_filter(replace(AccountFilter(), segment=chosen))
    st.switch_page("app_pages/accounts.py")
