"""Coaching: the team view, a rep's SLED brief (Markdown / printable HTML download), sessions and history."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from planner.coaching import to_html, to_markdown
from planner.errors import InputError
from planner.export import to_csv_bytes
from planner.formatting import money, times
from planner.formatting import percent as pct
from planner.storage import COMMITMENT_STATUSES, HELD, SCHEDULED, Store, database_url
from ui import cached, state
from ui.formats import COUNT, MONEY, percent_column, show_table

st.title("Coaching")
st.caption(
    "Strategic coaching from the data: which reps most need which kind of coaching, a brief per rep "
    "(set the stage, lead the analysis, explore solutions, develop the plan), and the sessions with the "
    "commitments agreed in them."
)

workspace = state.workspace()
try:
    inputs = cached.active_coaching(workspace)
except InputError as error:
    st.error(f"Coaching cannot be prepared from this data: {error}")
    st.stop()
try:
    store: Store | None = cached.store(database_url())
    store_error = ""
except InputError as error:  # the briefs still work; only saving sessions needs the database
    store, store_error = None, str(error)
if not inputs.names:
    st.warning("No reps found: load a reps file or opportunities with an owner column on the Data page.")
    st.stop()

scoring_key = f"{state.score_weights()}|{state.tier_rule()}|{state.score_lookalike()}|{state.icp_k()}"
names = inputs.names
current = state.coaching_rep()
rep = st.selectbox(
    "Rep",
    names,
    index=names.index(current) if current in names else 0,
    key=state.COACHING_REP_WIDGET,
    on_change=lambda: state.set_coaching_rep(st.session_state[state.COACHING_REP_WIDGET]),
    help="The rep whose brief and sessions are shown; names match the reps file.",
)
previous = store.previous_session(rep) if store is not None else None
brief = cached.coaching_brief(
    inputs, previous, workspace.version, rep, None, cached.previous_key(previous), scoring_key
)
team_tab, brief_tab, sessions_tab = st.tabs(["Team view", "Brief", "Sessions"])

with team_tab:
    team = cached.team_coaching(
        inputs, workspace.version, str(state.score_weights()), str(state.tier_rule()), state.icp_k()
    )
    st.subheader(f"Who needs which coaching (12 months to {team.as_of:%d %b %Y})")
    needs = team.needs()
    columns = st.columns(4)
    columns[0].metric("Reps", len(team.reps))
    columns[1].metric(
        "Need coaching",
        needs.get("coaching", 0),
        help="A pattern at one stage (deals lost or stuck there) or in the segments worked: "
        "worked through deal by deal with the manager.",
    )
    columns[2].metric(
        "Need training",
        needs.get("training", 0),
        help="A win rate significantly below the team's across stages: a general selling skill.",
    )
    columns[3].metric(
        "Need feedback",
        needs.get("feedback", 0),
        help="One behaviour, e.g. too little pipeline for the quota: named and agreed in a short talk.",
    )
    show_table(
        team.reps.drop(columns=["other_gaps"]),
        height=min(36 * (len(team.reps) + 1), 900),
        column_config={
            "rep": "Rep",
            "manager": "Manager",
            "won": st.column_config.NumberColumn("Won (12 mo)", format=MONEY),
            "attainment": percent_column("Quota attainment"),
            "win_rate": percent_column("Win rate"),
            "team_win_rate": percent_column("Team win rate"),
            "coverage": st.column_config.NumberColumn(
                "Coverage", format="%.1fx", help="Open pipeline ÷ next quarter's quota (a quarter of annual)."
            ),
            "open_pipeline": st.column_config.NumberColumn("Open pipeline", format=MONEY),
            "stall_stage": "Stalls at",
            "biggest_gap": "Biggest gap",
            "intervention": "Needs",
            "gap_deals": st.column_config.NumberColumn(
                "Gap (deals)", format=COUNT, help="Deals beyond (or short of) the team norm: gaps compare."
            ),
            "evidence": st.column_config.TextColumn("Evidence", width="large"),
        },
    )
    st.download_button(
        "Download the team view (CSV)",
        to_csv_bytes(team.reps),
        f"coaching-team-{team.as_of:%Y-%m-%d}.csv",
        "text/csv",
        on_click="ignore",
    )
    st.caption(
        "A gap is listed only when it rests on at least 12 deals, is at least 10 points, and passes a "
        "one-sided binomial test at 5% for the whole view (Bonferroni over every rep and stage compared): "
        "the chance that anyone here is flagged by luck stays under 5%."
    )

with brief_tab:
    figures = brief.lead.figures
    columns = st.columns(4)
    columns[0].metric(
        "Won, last 12 months",
        money(figures.won_amount),
        f"{pct(figures.attainment)} of quota" if figures.attainment is not None else None,
        delta_color="off",
        delta_arrow="off",  # a context figure, not a change: no arrow that reads as "up"
        help="Won deals closed in the 12 months to the data's latest date, against the annual quota.",
    )
    columns[1].metric(
        "Win rate",
        pct(figures.win_rate),
        f"{(figures.win_rate - figures.team_win_rate) * 100:+.1f} pts vs team",
        help="Won ÷ closed (won + lost) deals in the 12 months; the team is every other rep.",
    )
    columns[2].metric(
        "Pipeline coverage",
        times(figures.coverage),
        help="Open pipeline ÷ next quarter's quota (a quarter of the annual quota); 3x is the usual target.",
    )
    columns[3].metric(
        "Open pipeline",
        money(figures.open_pipeline),
        f"{figures.open_deals:,} deals",
        delta_color="off",
        delta_arrow="off",
        help="Value of the rep's open deals (deals without an amount valued at the median won deal).",
    )
    if brief.primary is not None:
        st.warning(
            f"**{brief.lead.one_thing}**  \nNeeds **{brief.primary.intervention}**: {brief.primary.action}"
        )
    else:
        st.info(brief.lead.one_thing)
    markdown = to_markdown(brief)
    left, right = st.columns(2)
    slug = rep.lower().replace(" ", "-")
    left.download_button(
        "Download Markdown", markdown, f"brief-{slug}.md", "text/markdown", width="stretch", on_click="ignore"
    )
    right.download_button(
        "Download printable HTML",
        to_html(brief),
        f"brief-{slug}.html",
        "text/html",
        width="stretch",
        on_click="ignore",
    )
    with st.container(border=True):
        st.markdown(markdown)

with sessions_tab:
    st.subheader(f"Sessions with {rep}")
    if store is None:
        st.error(f"Sessions cannot be saved or shown: {store_error}")
        st.stop()
    sessions = store.list_sessions(rep)

    with st.form("schedule_session", clear_on_submit=True):
        st.markdown("**Schedule a strategic coaching session**")
        when = st.date_input("Date", value=dt.date.today() + dt.timedelta(days=7), format="YYYY-MM-DD")
        manager = st.text_input("Manager", value=brief.manager)
        agenda = st.text_area("Agenda (from the brief)", value=brief.agenda_text(), height=150)
        if st.form_submit_button("Schedule"):
            session = store.schedule_session(rep, when, manager=manager, agenda=agenda)
            st.toast(f"Session #{session.id} scheduled for {session.scheduled_for:%d %b %Y}.")
            st.rerun()

    planned = [s for s in sessions if s.status == SCHEDULED]
    if planned:
        with st.form("record_session", clear_on_submit=True):
            st.markdown("**Record a session**")
            chosen = st.selectbox(
                "Session",
                planned,
                format_func=lambda s: f"#{s.id} on {s.scheduled_for:%d %b %Y}",
            )
            notes = st.text_area("Notes")
            commitments = st.text_area("Commitments (one per line)")
            due = st.date_input("Commitments due", value=None, format="YYYY-MM-DD")
            if st.form_submit_button("Save notes and commitments"):
                lines = [line for line in commitments.splitlines() if line.strip()]
                try:
                    store.record_session(chosen.id, notes, lines, due_date=due)
                except InputError as error:
                    st.error(str(error))
                else:
                    st.toast(f"Session #{chosen.id} recorded with {len(lines)} commitments.")
                    st.rerun()

    st.markdown("**History**")
    if not sessions:
        st.info("No sessions yet with this rep.")
    for session in reversed(sessions):
        label = f"#{session.id} {session.scheduled_for:%d %b %Y} - {session.status}"
        with st.expander(label, expanded=session.status == HELD and session is sessions[-1]):
            if session.manager:
                st.caption(f"With {session.manager}")
            if session.notes:
                st.markdown(session.notes)
            elif session.agenda:
                st.text(session.agenda)
            for commitment in session.commitments:
                with st.form(f"commitment_{commitment.id}"):
                    due_text = f" (due {commitment.due_date:%d %b %Y})" if commitment.due_date else ""
                    st.markdown(f"{commitment.text}{due_text}")
                    status = st.selectbox(
                        "Status", COMMITMENT_STATUSES, index=COMMITMENT_STATUSES.index(commitment.status)
                    )
                    note = st.text_input("What happened", value=commitment.follow_up)
                    if st.form_submit_button("Update"):
                        store.update_commitment(commitment.id, status, note)
                        st.rerun()
