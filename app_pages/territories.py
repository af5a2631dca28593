"""Territories: a balanced, compact, low-disruption plan per scenario; moves, map, comparison, download."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner.charts.territories import rep_balance, scenario_deltas, territory_map
from planner.errors import InputError
from planner.formatting import money
from planner.schema import Account, Rep, Score, Territory
from planner.storage import database_url
from planner.territories import SCENARIOS, PlanComparison, PlanSnapshot, compare_plans
from planner.territories.plan import NOT_MET
from ui import cached, state
from ui.formats import COUNT, MONEY, percent_column, percent_text, show_table

st.title("Territories")
st.caption(
    "Every account assigned to exactly one rep so that potential and workload per rep stay within the "
    "tolerance of the team mean, locked accounts (open opportunities) stay put, capacity holds, geography "
    "stays compact, and as few accounts as possible leave the rep who knows them."
)

# One set of column labels for the per-rep table and the moves table.
COLUMNS = {
    Territory.REP: "Rep",
    Territory.ACCOUNTS: st.column_config.NumberColumn("Accounts", format=COUNT),
    Territory.A_TIER: st.column_config.NumberColumn("A-tier", format=COUNT),
    Score.POTENTIAL: st.column_config.NumberColumn("Potential", format=MONEY),
    Territory.POTENTIAL_INDEX: percent_column("Potential vs mean"),
    Score.WORKLOAD: st.column_config.NumberColumn("Workload", format="%.1f"),
    Territory.WORKLOAD_INDEX: percent_column("Workload vs mean"),
    Territory.MEAN_KM: st.column_config.NumberColumn("Mean km to home", format=COUNT),
    Territory.HOME_SHARE: percent_column("In home region"),
    Territory.MOVED_IN: st.column_config.NumberColumn("Moved in", format=COUNT),
    Territory.MOVED_OUT: st.column_config.NumberColumn("Moved out", format=COUNT),
    Rep.CAPACITY: st.column_config.NumberColumn(
        "Capacity", format=COUNT, help="The most accounts the rep can take (— = no limit)."
    ),
    Account.NAME: "Account",
    # Sized for a name: from the first rows (mostly "—" for unowned accounts) "From" was cut to "Jason M".
    Territory.OLD_OWNER: st.column_config.TextColumn("From", width=110),
    Territory.NEW_OWNER: st.column_config.TextColumn("To", width=115),
    Territory.REASON: "Why",
    Score.TIER: "Tier",
    Territory.DISTANCE_KM: st.column_config.NumberColumn(
        "km", format=COUNT, help="Distance from the account to its new rep's home, in km."
    ),
}
# The Saved tab's choice of comparing a saved plan with the plan on screen.
CURRENT_PLAN = "the current plan"
REPLACE = "Replace a saved plan of the same name"


# Each compared team metric as a reader names it, how its values read, and how its change reads.
METRIC_TEXT = {
    "potential_cv": ("Potential CV", "{:.3f}".format, "{:+.3f}".format),
    "workload_cv": ("Workload CV", "{:.3f}".format, "{:+.3f}".format),
    "max_potential_deviation": ("Max potential deviation", percent_text, lambda v: f"{100 * v:+.1f} pts"),
    "max_workload_deviation": ("Max workload deviation", percent_text, lambda v: f"{100 * v:+.1f} pts"),
    "moved_accounts": ("Accounts moved", "{:,.0f}".format, "{:+,.0f}".format),
    "moved_value": ("Potential moved", money, lambda v: ("+" if v >= 0 else "") + money(v)),
    "mean_distance_km": ("Mean km to the rep's home", "{:,.0f} km".format, "{:+,.0f} km".format),
    "home_region_share": ("Accounts in the rep's home region", percent_text, lambda v: f"{100 * v:+.1f} pts"),
    "bound_gap": ("Gap to bound", percent_text, lambda v: f"{100 * v:+.1f} pts"),
}


def readable_metrics(metrics: pd.DataFrame) -> pd.DataFrame:
    """The comparison's team metrics with their names and units, as text (each row has its own unit)."""
    rows = []
    for record in metrics.to_dict("records"):
        name = record.pop("metric")
        label, value, change = METRIC_TEXT.get(name, (name, str, str))
        delta = record.pop("change")
        row = {"Metric": label}
        row |= {plan: "—" if pd.isna(v) else value(v) for plan, v in record.items()}
        rows.append(row | {"Change": "—" if pd.isna(delta) else change(delta)})
    return pd.DataFrame(rows)


def with_dashes(frame: pd.DataFrame) -> pd.DataFrame:
    """Blank text cells (an unowned account's owner is "") as missing, so the table shows its dash."""
    text = [c for c in frame.columns if pd.api.types.is_string_dtype(frame[c]) or frame[c].dtype == object]
    return frame.assign(**{c: frame[c].mask(frame[c].astype("string").str.strip().eq("")) for c in text})


def show_comparison(comparison: PlanComparison) -> None:
    """Team metrics, per-rep deltas and the accounts placed differently, with the reason in each plan."""
    if comparison.identical:  # a chart of empty bars would read as a failure
        st.info(comparison.identical_text())
        return
    show_table(readable_metrics(comparison.metrics))
    st.plotly_chart(scenario_deltas(comparison), width="stretch")
    for count, side in ((comparison.only_left, comparison.left), (comparison.only_right, comparison.right)):
        if count:
            st.caption(
                f"{count:,} accounts are only in {side} (the data changed since); they are not compared."
            )
    st.write(f"{len(comparison.changed):,} accounts are placed differently.")
    headers = {Account.ID: "Account ID", Account.NAME: "Account", Territory.OLD_OWNER: "Owner before"}
    show_table(with_dashes(comparison.changed).rename(columns=headers))


workspace = state.workspace()
names = list(SCENARIOS)
left, middle, right = st.columns([2, 2, 1])
tolerance_points = left.slider(  # in points, so it reads "±5%" as the plan's message does, not 0.05
    "Tolerance (± of the team mean)",
    min_value=1,
    max_value=30,
    step=1,
    value=round(100 * state.territory_tolerance()),
    format="±%d%%",
    key=state.territory_widget_key("tolerance"),
    help="How far each rep's potential and workload may be from the team mean: ±5% keeps every rep "
    "between 95% and 105% of the mean.",
)
tolerance = tolerance_points / 100
state.set_territory_tolerance(tolerance)
current = state.territory_scenario()
scenario = middle.selectbox(
    "Scenario",
    names,
    index=state.position(names, current),
    key=state.territory_widget_key("scenario"),
    help="\n".join(f"- **{s.name}**: {s.description}" for s in SCENARIOS.values()),
)
state.set_territory_scenario(scenario)
limits = [5.0, 15.0, 30.0, 50.0]
time_limit = right.selectbox(
    "Solver time",
    limits,
    index=limits.index(state.territory_time_limit()) if state.territory_time_limit() in limits else 1,
    format_func=lambda seconds: f"{seconds:.0f} s",
    key=state.territory_widget_key("time_limit"),
    help="Large books are solved by LP + repair + local search; more time narrows the gap to the bound.",
)
state.set_territory_time_limit(time_limit)

try:
    if workspace.has_closed_deals:  # the first scoring of this data shows its steps, not hidden below
        cached.active_scores(workspace)
    label = f"Optimising territories ({scenario}, ±{100 * tolerance:.0f}%)..."
    with st.status(label, expanded=False) as progress:
        plan = cached.active_territory_plan(workspace)
        progress.update(label=f"Plan ready: {plan.solver}, {plan.runtime_s:.1f}s", state="complete")
except InputError as error:
    st.error(f"Territories cannot be planned from this data: {error}")
    st.stop()

if plan.status == NOT_MET:
    st.warning(plan.message)
else:
    st.success(plan.message)
for note in plan.notes:
    st.caption(f"Note: {note}")

m = plan.metrics
tiles = (
    (
        "Accounts moved",
        f"{m.moved_accounts:,} ({percent_text(m.moved_share)})",
        "Accounts whose new rep differs from their current owner, and their share of the owned accounts "
        "(newly assigned unowned accounts are not counted).",
    ),
    (
        "Potential CV",
        f"{m.potential_cv:.3f}",
        "Coefficient of variation of potential per rep: standard deviation / mean. 0 = perfectly even.",
    ),
    (
        "Workload CV",
        f"{m.workload_cv:.3f}",
        "Coefficient of variation of workload per rep (an A-tier account weighs more than a D).",
    ),
    (
        "Max deviation",
        percent_text(max(m.max_potential_deviation, m.max_workload_deviation)),
        "The largest distance of any rep's potential or workload from the team mean.",
    ),
    (
        "Gap to bound",
        percent_text(plan.gap),
        "How far this plan's cost can at most be from the best possible plan: (cost - lower bound) / "
        "lower bound, the bound coming from the LP relaxation (or the MILP's proof).",
    ),
)
for column, (label, value, definition) in zip(st.columns(len(tiles)), tiles, strict=True):
    column.metric(label, value, help=definition)
if m.moved_a_tier:
    st.caption(
        f"{m.moved_a_tier:,} of the moved accounts are tier A, the relationships that matter most: lock the "
        "ones that must stay, or try 'Minimum disruption' or a wider tolerance, before sharing the plan."
    )

plan_key = f"{scenario}|{tolerance}|{time_limit}|{state.score_weights()}|{state.tier_rule()}"
st.download_button(
    "Download the plan (CSV)",
    cached.territory_csv(plan, workspace.version, plan_key),
    file_name=f"territory-plan-{scenario.lower().replace(' ', '-')}.csv",
    mime="text/csv",
    help="One row per account: old owner, new owner, moved, reason, potential, workload.",
    on_click="ignore",
)

# Tracked tabs: the open tab survives a rerun (saving a scenario used to jump back to the first tab),
# and the Compare tab optimises its second scenario only when it is open.
balance_tab, map_tab, moves_tab, compare_tab, saved_tab = st.tabs(
    ["Balance per rep", "Map", "Moves", "Compare scenarios", "Saved scenarios"],
    key=state.TERRITORY_TAB,
    on_change="rerun",
)

with balance_tab:
    st.plotly_chart(rep_balance(plan), width="stretch")
    show_table(
        plan.reps,
        hide_index=True,
        width="stretch",
        column_config=COLUMNS,
    )

with map_tab:
    figure = territory_map(plan)
    if figure is None:
        st.info("No account has a location (lat/lon, state or country), so there is no map.")
    else:
        st.plotly_chart(figure, width="stretch")

with moves_tab:
    moves = plan.moves
    between_reps = plan.metrics.moved_accounts
    assigned = len(moves) - between_reps
    st.write(
        f"{len(moves):,} accounts change hands: {between_reps:,} move from one rep to another"
        + (f" and {assigned:,} without an owner on the team are assigned." if assigned else ".")
    )
    show_table(
        with_dashes(moves)[
            [
                Account.NAME,
                Territory.OLD_OWNER,
                Territory.NEW_OWNER,
                Territory.REASON,
                Score.POTENTIAL,
                Score.TIER,
                Territory.DISTANCE_KM,
            ]
        ],
        hide_index=True,
        width="stretch",
        column_config=COLUMNS,
    )

with compare_tab:
    if compare_tab.open:  # another plan takes seconds: only for a user who asked
        others = [n for n in names if n != scenario]
        wanted = state.territory_compare()
        other = st.selectbox(
            "Compare with",
            others,
            index=state.position(others, wanted),
            key=state.territory_widget_key("compare"),
        )
        state.set_territory_compare(other)
        with st.status(f"Optimising the {other} scenario...", expanded=False) as progress:
            other_plan = cached.active_territory_plan(workspace, other)
            progress.update(label=f"{other}: {other_plan.status}", state="complete")
        show_comparison(compare_plans(plan, other_plan))

with saved_tab:
    try:
        store = cached.store(database_url())
    except InputError as error:
        st.error(f"The scenario store is not available: {error}")
        st.stop()
    saved = store.list_scenarios()
    with st.form("save_scenario"):
        name = st.text_input("Save this plan as", value=f"{scenario} ±{100 * tolerance:.0f}%").strip()
        replace = st.checkbox(
            REPLACE,
            help="Saving under a name already saved replaces that plan; without this tick it is kept.",
        )
        if st.form_submit_button("Save scenario"):
            taken = next((item for item in saved if item.name == name), None)
            if not name:
                st.error("Give the plan a name to save it under.")
            elif taken is not None and not replace:
                st.warning(
                    f"A plan named '{name}' is already saved ({taken.created_at:%d %b %Y %H:%M}). Tick "
                    f"'{REPLACE}' and save again to overwrite it, or choose another name."
                )
            else:
                rows, parameters = plan.export_frame(), plan.parameters()
                store.save_scenario(name, rows, parameters=parameters, metrics=plan.metrics)
                st.success(f"Replaced the saved plan '{name}'." if taken else f"Saved '{name}'.")
                saved = store.list_scenarios()
    if not saved:
        st.info("No saved scenarios yet: save this plan to compare later plans with it.")
        st.stop()
    show_table(
        pd.DataFrame(  # a frame, so show_table shows the tolerance in points (a list read 0.05 as 0.1%)
            {
                "Saved plan": item.name,
                "Saved at": f"{item.created_at:%d %b %Y %H:%M}",
                "Scenario": item.parameters.get("scenario"),
                "Tolerance": item.parameters.get("tolerance"),
                "Accounts moved": item.metrics.get("moved_accounts"),
                "Potential CV": item.metrics.get("potential_cv"),
                "Workload CV": item.metrics.get("workload_cv"),
            }
            for item in saved
        ),
        hide_index=True,
        width="stretch",
        column_config={
            "Tolerance": percent_column(),
            "Accounts moved": st.column_config.NumberColumn(format=COUNT),
            "Potential CV": st.column_config.NumberColumn(format="%.3f"),
            "Workload CV": st.column_config.NumberColumn(format="%.3f"),
        },
    )
    pick, against = st.columns(2)
    chosen = pick.selectbox(
        "Saved plan",
        [item.name for item in saved],
        key=state.territory_widget_key("saved_compare"),
        help="The change reads the second plan minus the saved one; reasons are given for both.",
    )
    other = against.selectbox(
        "Compare it with",
        [CURRENT_PLAN, *(item.name for item in saved if item.name != chosen)],
        key=state.territory_widget_key("saved_against"),
    )
    try:
        snapshot = PlanSnapshot.of_saved(store.load_scenario(chosen))
        second = plan if other == CURRENT_PLAN else PlanSnapshot.of_saved(store.load_scenario(other))
    except InputError as error:
        st.error(f"This saved scenario cannot be compared: {error}")
        st.stop()
    show_comparison(compare_plans(snapshot, second))
    if st.button(f"Delete '{chosen}'", key=state.territory_widget_key("delete_saved")):
        store.delete_scenario(chosen)
        st.rerun()
