"""Ideal profile: which closed deals we win, bigger and faster, and the prospects that look like them."""

from __future__ import annotations

import streamlit as st

from planner.charts.icp import k_choice, profile_bubbles, rule_importance
from planner.errors import InputError
from planner.export import to_csv_bytes
from planner.formatting import interval, money
from planner.icp.result import CLUSTER_COLUMNS
from planner.icp.wording import attribute_label
from planner.schema import Account, Icp, Score
from ui import cached, state
from ui.formats import COUNT, MONEY, PERCENT, percent_text, show_table

AUTOMATIC = 0
_FORMATS = {
    "share": PERCENT,
    "money": MONEY,
    "days": COUNT,
    "ratio": "%.2fx",
    "score": "%.2f",
    "count": COUNT,
}


def _column(label: str, kind: str) -> st.column_config.Column:
    """Streamlit column for a cluster-table column of the given kind."""
    if kind == "flag":
        return st.column_config.CheckboxColumn(label)
    if kind == "text":
        return st.column_config.TextColumn(label)
    if kind == "sentence":  # wide, but not so wide that the figures beside it scroll away
        return st.column_config.TextColumn(label, width="large")
    return st.column_config.NumberColumn(label, format=_FORMATS[kind])


def _days(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.0f}"


K_OPTIONS = [AUTOMATIC, *range(2, 11)]
LOOKALIKES_SHOWN = 50

st.title("Ideal profile")
st.caption(
    "Closed deals (won and lost) grouped into clusters of similar deals; the best product-market fit is "
    "the cluster that wins most often, with bigger and faster deals, allowing for how few deals it rests on."
)

workspace = state.workspace()
current = state.icp_k()
st.selectbox(
    "Number of clusters",
    K_OPTIONS,
    index=state.position(K_OPTIONS, current),
    format_func=lambda k: "Automatic" if k == AUTOMATIC else str(k),
    key=state.ICP_K_WIDGET,
    on_change=lambda: state.set_icp_k(st.session_state[state.ICP_K_WIDGET]),
    help="Automatic picks the smallest number of clusters that separates won from lost deals nearly as "
    "well as the best number tried (3-10).",
)

try:
    with st.spinner("Clustering closed deals and checking the result...", show_time=True):
        result = cached.ideal_profile(workspace, workspace.version, state.icp_k())
except InputError as error:
    st.error(f"No ideal profile can be computed from this data: {error}")
    st.stop()

best = result.best
overall = result.overall
for note in result.notes:
    st.info(note)

st.subheader("Best fit")
with st.container(border=True):
    st.markdown(f"**{best.label} · {best.card}**")
    columns = st.columns(5)
    if result.win_rate_available:
        columns[0].metric(
            "Win rate",
            percent_text(best.win_rate),
            f"{(best.win_rate - overall.win_rate) * 100:+.1f} pts vs overall",
            help="Won ÷ closed deals in this cluster. The range under it is the Wilson 95% interval: the "
            "true rate plausibly lies there given how many deals it rests on.",
        )
        columns[0].caption(f"95% interval {interval(best.win_rate_low, best.win_rate_high)}")
        columns[1].metric(
            "Lift", f"{best.lift:.2f}x", help="Cluster win rate ÷ overall win rate (1.0x = average)."
        )
    else:
        columns[0].metric("Won deals", f"{best.won:,}", help="No lost deals in the data: no win rate.")
        columns[1].metric(
            "Share of wins",
            percent_text(best.won / max(overall.won, 1)),
            help="The cluster's won deals ÷ all won deals.",
        )
    columns[2].metric(
        "Average won deal",
        money(best.average_won_deal),
        help=f"Mean amount of the cluster's won deals (overall {money(overall.average_won_deal)}).",
    )
    columns[3].metric(
        "Median days to win",
        _days(best.median_cycle_days),
        help="Median days from creation to close of the cluster's won deals "
        f"(overall {_days(overall.median_cycle_days)}).",
    )
    columns[4].metric("PMF score", f"{best.pmf_score:.2f}", help=result.pmf_definition)

st.plotly_chart(profile_bubbles(result), width="stretch")

st.subheader("All profiles")
st.caption(
    "One row per cluster: those that win more often than average first, then by PMF score; the best fit "
    "is ticked."
)
clusters = result.cluster_table()
show_table(
    clusters,
    column_config={column: _column(label, kind) for column, (label, kind) in CLUSTER_COLUMNS.items()},
)

left, right = st.columns(2)
with left:
    st.subheader("Rules")
    if result.rules is None:
        st.info("Rules need both won and lost deals.")
    else:
        st.caption("A shallow decision tree on won/lost over the buyer's attributes, highest win rate first.")
        for rule in result.rules.rules:
            st.markdown(f"- {rule.text}")
        (st.success if result.rules.agrees_with_best else st.warning)(result.rules.agreement)
        st.plotly_chart(rule_importance(result), width="stretch")
with right:
    st.subheader("Stability")
    stability = result.stability
    metrics = st.columns(2)
    metrics[0].metric(
        "Cluster agreement (ARI)",
        f"{stability.mean_ari:.2f}",
        help="Adjusted Rand index between the clusters and those of bootstrap refits: 1 = identical "
        "groupings, 0 = no better than chance. Above 0.75 is stable.",
    )
    metrics[1].metric(
        "Best profile recurs",
        percent_text(stability.best_profile_recurrence),
        help="Share of bootstrap refits whose best profile has (mostly) the same defining attributes.",
    )
    st.caption(stability.summary)
    st.plotly_chart(k_choice(result), width="stretch")
    st.caption(result.k_criterion)
    for attribute, reason in result.attributes_dropped.items():
        st.caption(f"{attribute}: {reason}.")

st.subheader("Prospects that look like the best fit")
st.caption(
    "Accounts with no won deal yet, by similarity (0-1) to the best profile's industry, region and size. "
    "The Accounts page blends this similarity into each account's fit score."
)
lookalikes = cached.lookalike_table(workspace, workspace.version, state.icp_k(), 0, LOOKALIKES_SHOWN)
shown = [Account.NAME, Account.INDUSTRY, Account.REGION, Account.SIZE_BAND, Account.OWNER, Icp.OPEN_DEALS]
show_table(
    lookalikes[[Score.LOOKALIKE, *[c for c in shown if c in lookalikes]]],
    column_config={
        **{column: st.column_config.TextColumn(attribute_label(column)) for column in shown},
        Score.LOOKALIKE: st.column_config.ProgressColumn(
            "Similarity", min_value=0.0, max_value=1.0, format="%.2f"
        ),
        Icp.OPEN_DEALS: st.column_config.NumberColumn("Open deals", format=COUNT),
    },
)
st.download_button(
    "Download these prospects (CSV)",
    to_csv_bytes(lookalikes),
    file_name="lookalike_prospects.csv",
    mime="text/csv",
    on_click="ignore",
)
