"""Accounts: the prioritised list with reasons, weight sliders that re-rank at once, the backtest, download.

Thin by design: models, weighting, filtering and reasons live in ``planner.scoring``;
the fit is cached per data version and re-weighting reuses it (``ui.cached``).
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

import streamlit as st

from planner.charts.scoring import tier_bars
from planner.errors import InputError
from planner.formatting import money
from planner.schema import TIERS, Account, Score
from planner.scoring import TierRule, Weights
from planner.scoring.filters import AccountFilter
from ui import cached, score_columns, state
from ui.formats import percent_text

SHOWN_ROWS = 500
QUANTILE, PER_REP = "By quantile", "Top N per rep"


def _key(name: str) -> str:
    return state.score_widget_key(name)


st.title("Accounts")
st.caption(
    "Which accounts to work first, and why. Priority (0-100) weighs three components, each as a "
    "percentile of all accounts: **revenue potential** (room to grow: whitespace), **fit** (calibrated "
    "win probability from firmographics) and **market** (size of the account's segment)."
)
workspace = state.workspace()

with st.sidebar:
    st.subheader("Priority weights")
    saved = state.score_weights()
    potential = st.slider("Revenue potential", 0.0, 1.0, saved.potential, 0.05, key=_key("potential"))
    fit = st.slider("Fit (win probability)", 0.0, 1.0, saved.fit, 0.05, key=_key("fit"))
    market = st.slider("Market size", 0.0, 1.0, saved.market, 0.05, key=_key("market"))
    lookalike = st.toggle(
        "Blend in the best-fit profile",
        value=state.score_lookalike(),
        key=_key("lookalike"),
        help="Fit becomes 70% win-probability percentile + 30% similarity to the Ideal profile's best "
        "cluster.",
    )
    rule = state.tier_rule()
    mode = st.radio(
        "Tiers",
        [QUANTILE, PER_REP],
        index=1 if rule.kind == "top" else 0,
        key=_key("tier_mode"),
        help="By quantile: A = top 10%, B next 20%, C next 30%, D the rest. Top N per rep: each rep's N best "
        "accounts are A, the next N B, the next N C, the rest D (fits each rep's capacity).",
    )
    if mode == PER_REP:
        per_rep = st.number_input(
            "N accounts per rep per tier", 1, 10_000, rule.per_rep or 25, key=_key("per_rep")
        )
        rule = TierRule(kind="top", per_rep=int(per_rep))
    else:
        rule = TierRule()

if potential + fit + market > 0:
    weights = Weights(potential, fit, market)
else:
    weights = saved
    st.sidebar.warning("Set at least one weight above zero: with all three at zero nothing can rank.")
st.sidebar.caption(f"Priority weighs **{weights.describe()}** (the sliders' shares of their total).")
state.set_score_weights(weights)
state.set_tier_rule(rule)
state.set_score_lookalike(lookalike)

try:
    result = cached.active_scores(workspace)
except InputError as error:
    st.error(f"Accounts cannot be scored on this data: {error}")
    st.stop()

accounts = result.accounts
with st.expander("Filters", expanded=True):
    saved_view = state.account_filter()
    left, middle, right = st.columns(3)

    def _choices(column: str) -> list[str]:
        return sorted(accounts[column].dropna().astype(str).unique())

    tiers = left.multiselect(
        "Tier", list(TIERS), [t for t in saved_view.tiers if t in TIERS], key=_key("tiers")
    )
    owners_all = _choices(Account.OWNER)
    owners = middle.multiselect(
        "Owner", owners_all, [o for o in saved_view.owners if o in owners_all], key=_key("owners")
    )
    industries_all = _choices(Account.INDUSTRY)
    industries = right.multiselect(
        "Industry",
        industries_all,
        [i for i in saved_view.industries if i in industries_all],
        key=_key("industries"),
    )
    regions_all = _choices(Account.REGION)
    regions = left.multiselect(
        "Region", regions_all, [r for r in saved_view.regions if r in regions_all], key=_key("regions")
    )
    minimum = middle.slider(
        "Minimum priority", 0, 100, int(saved_view.min_priority), key=_key("min_priority")
    )
    search = right.text_input("Search name or id", saved_view.search, key=_key("search"))
view = AccountFilter(
    tiers=tuple(tiers),
    owners=tuple(owners),
    industries=tuple(industries),
    regions=tuple(regions),
    segment=saved_view.segment if saved_view.segment in set(accounts[Account.SEGMENT].dropna()) else "",
    min_priority=float(minimum),
    search=search,
)
state.set_account_filter(view)
if view.segment:
    st.info(f"Showing the segment **{view.segment}** (chosen on the Segments page).")
    if st.button("Show all segments", key=_key("clear_segment")):
        state.set_account_filter(replace(view, segment=""))
        st.rerun()

shown = view.apply(accounts)
a_tier = int((shown[Score.TIER] == "A").sum())
first, second, third, fourth = st.columns(4)
first.metric("Accounts", f"{len(shown):,}", help="Accounts matching the filters (of all scored accounts)")
second.metric("Tier A", f"{a_tier:,}", help=f"Tier rule: {rule}")
third.metric("Whitespace", money(shown[Score.WHITESPACE].sum()), help="Summed potential not yet spent")
fourth.metric(
    "Average win probability",
    percent_text(shown[Score.FIT].mean()) if len(shown) else "–",
    help="Mean calibrated probability that a deal with these accounts is won",
)

if shown.empty:
    st.info("No account matches these filters.")
else:
    score_columns.account_table(shown.head(SHOWN_ROWS), key=_key("table"))
    st.caption(f"Best {min(SHOWN_ROWS, len(shown)):,} of {len(shown):,} shown; the download has them all.")
st.download_button(
    f"Download the {len(shown):,} accounts (CSV)",
    # Written when clicked: at 50,000 accounts the CSV is 13 MB, too slow to rebuild on every slider move.
    data=partial(
        cached.scored_csv, result, view, workspace.version, str(weights), str(rule), lookalike, repr(view)
    ),
    file_name="prioritised_accounts.csv",
    mime="text/csv",
    key=_key("download"),
    # No rerun on click: a rerun replaces the deferred file before it is fetched and the download
    # silently never starts (seen under load in CI).
    on_click="ignore",
    help="UTF-8 CSV that Excel and CRMs import safely: ids as text, formula-like cells neutralised.",
)

chart, quality = st.columns([1, 1])
chart.plotly_chart(tier_bars(shown), width="stretch")
with quality:
    st.subheader("Is the fit score any good?")
    try:
        backtest = cached.score_backtest(workspace, workspace.version)
    except InputError as error:
        st.info(f"No backtest: {error}")
    else:
        st.caption(backtest.split)
        st.markdown(backtest.verdict)
        if backtest.caution:
            st.warning(backtest.caution)
        auc, lift, brier = st.columns(3)
        auc.metric(
            "ROC AUC",
            f"{backtest.auc:.3f}",
            delta=f"{backtest.auc - backtest.reference_auc:+.3f} vs GBM",
            delta_color="off",
            help="Chance that a won deal scores above a lost one (0.5 = coin flip, 1 = perfect), on the "
            f"newer deals; a gradient-boosting model on the same split gets {backtest.reference_auc:.3f}.",
        )
        lift.metric(
            "Top-decile lift",
            f"{backtest.lift_top_decile:.2f}x",
            help="Win rate of the 10% best-scored newer deals divided by their overall win rate.",
        )
        brier.metric(
            "Brier score",
            f"{backtest.brier:.3f}",
            help="Mean squared gap between predicted probability and outcome (lower is better).",
        )
        st.plotly_chart(cached.calibration_figure(backtest, workspace.version), width="stretch")
