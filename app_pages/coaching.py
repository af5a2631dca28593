"""Coaching: the team view, a rep's SLED brief (Markdown / printable HTML download), sessions and history."""

from __future__ import annotations

import datetime as dt
import math

import streamlit as st

from planner.coaching import to_html, to_markdown
from planner.coaching.sessions import booked_on, session_list, status_label
from planner.coaching.significance import METHOD, evidence_rule
from planner.coaching.team import SCREEN_ORDER
from planner.coaching.wording import gap_points
from planner.errors import InputError
from planner.export import to_csv_bytes
from planner.formatting import count, money, times
from planner.storage import COMMITMENT_STATUSES, SCHEDULED, CoachingSession, Store, database_url
from ui import cached, state
from ui.formats import COUNT, MONEY, percent_column, percent_text, show_short_table, show_table

# A team up to this size shows in full; a larger one scrolls inside a table of this height (pixels).
TEAM_ROWS_IN_FULL = 30
TEAM_TABLE_HEIGHT = 900
# The evidence under the team table opens by itself when it is this short.
EVIDENCE_ROWS_OPEN = 12

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
team = cached.team_coaching(
    inputs, workspace.version, str(state.score_weights()), str(state.tier_rule()), state.icp_k()
)
# Until the user picks a rep, open the one at the top of the team view: the one who most needs coaching.
current = state.coaching_rep() or next((r for r in team.reps["rep"] if r in names), None)
rep = st.selectbox(
    "Rep",
    names,
    index=state.position(names, current),
    key=state.COACHING_REP_WIDGET,
    on_change=lambda: state.set_coaching_rep(st.session_state[state.COACHING_REP_WIDGET]),
    help="The rep whose brief and sessions are shown; names match the reps file.",
)
today = dt.date.today()
previous = store.previous_session(rep) if store is not None else None
upcoming = store.next_session(rep, today) if store is not None else None
brief = cached.coaching_brief(
    inputs,
    previous,
    workspace.version,
    rep,
    upcoming.scheduled_for if upcoming else None,
    cached.previous_key(previous),
    scoring_key,
)
# Tracked tabs: saving a session reruns the page and must stay on Sessions, where its confirmation shows.
team_tab, brief_tab, sessions_tab = st.tabs(
    ["Team view", "Brief", "Sessions"], key=state.COACHING_TAB, on_change="rerun"
)


with team_tab:
    st.subheader(f"Who needs which coaching (12 months to {team.as_of:%d %b %Y})")
    needs = team.needs()
    columns = st.columns(4)
    columns[0].metric(
        "Reps", f"{len(team.reps):,}", help="Reps with accounts or deals in the data (or in the reps file)"
    )
    columns[1].metric(
        "Need coaching",
        needs.get("coaching", 0),
        help="A pattern at one stage (deals lost or stuck there) or in the segments worked: "
        "worked through deal by deal with the manager.",
    )
    columns[2].metric(
        "Need training",
        needs.get("training", 0),
        help="A win rate clearly below the team's (more than chance) across stages: a general selling skill.",
    )
    columns[3].metric(
        "Need feedback",
        needs.get("feedback", 0),
        help="One behaviour, e.g. too little pipeline for the quota: named and agreed in a short talk.",
    )
    # Rep, need and gap first (what a manager acts on), results next, the long evidence last.
    # "content" height: a fixed height taller than the rows drew an empty row under the last rep.
    show_table(
        team.reps,
        column_order=SCREEN_ORDER,  # the evidence, a sentence a grid cell cuts off, is read in full below
        height="content" if len(team.reps) <= TEAM_ROWS_IN_FULL else TEAM_TABLE_HEIGHT,
        column_config={
            "rep": st.column_config.TextColumn("Rep", pinned=True),
            "intervention": st.column_config.TextColumn(
                "Needs", width=90, help="Training, coaching or feedback: what the biggest gap calls for."
            ),
            "biggest_gap": st.column_config.TextColumn("Biggest gap", width=250),
            "gap_deals": st.column_config.NumberColumn(
                "Gap (deals)",
                format=COUNT,
                width=90,
                help="Deals beyond (or short of) the team norm, so gaps of different kinds compare.",
            ),
            "won": st.column_config.NumberColumn(
                "Won (12 mo)", format=MONEY, help="Won deals closed in the last 12 months."
            ),
            "attainment": percent_column(
                "Attainment", help="Won in the last 12 months ÷ annual quota.", width=95
            ),
            "win_rate": percent_column(
                "Win rate", help="Won ÷ closed (won + lost) deals in the last 12 months.", width=80
            ),
            "team_win_rate": percent_column(
                "Team win rate",
                help="The rest of the team (every other rep, not this one), last 12 months.",
                width=105,
            ),
            "coverage": st.column_config.NumberColumn(
                "Coverage",
                format="%.1fx",
                help="Open pipeline ÷ next quarter's quota (a quarter of annual); 3x is the usual target.",
            ),
            "open_pipeline": st.column_config.NumberColumn(
                "Open pipeline", format=MONEY, help=f"Open deals on {team.as_of:%d %b %Y}."
            ),
            "stall_stage": st.column_config.TextColumn(
                "Stalls at", width=120, help="The stage where this rep's deals are lost or stuck, if any."
            ),
            "manager": "Manager",
            "other_gaps": st.column_config.TextColumn("Other gaps", width=250),
        },
    )
    explained = team.reps.dropna(subset=["evidence"])
    if len(explained):
        title = f"The evidence behind each gap ({count(len(explained), 'rep')})"
        with st.expander(title, expanded=len(explained) <= EVIDENCE_ROWS_OPEN):
            show_short_table(
                explained[["rep", "intervention", "biggest_gap", "evidence"]].rename(
                    columns={
                        "rep": "Rep",
                        "intervention": "Needs",
                        "biggest_gap": "Biggest gap",
                        "evidence": "Evidence",
                    }
                )
            )
    st.download_button(
        "Download the team view (CSV)",
        to_csv_bytes(team.export()),
        f"coaching-team-{team.as_of:%Y-%m-%d}.csv",
        "text/csv",
        on_click="ignore",
    )
    st.caption(evidence_rule(), help=f"{METHOD} More on the About page.")

with brief_tab:
    figures = brief.lead.figures
    columns = st.columns(4)
    columns[0].metric(
        "Won, last 12 months",
        money(figures.won_amount),
        f"{percent_text(figures.attainment)} of quota" if figures.attainment is not None else None,
        delta_color="off",
        delta_arrow="off",  # a context figure, not a change: no arrow that reads as "up"
        help="Won deals closed in the 12 months to the data's latest date, against the annual quota.",
    )
    columns[1].metric(
        "Win rate, last 12 months",
        percent_text(figures.win_rate),
        f"{gap_points(figures.win_rate, figures.team_win_rate):+.1f} pts vs rest of team"
        if math.isfinite(figures.team_win_rate)
        else None,
        help="Won ÷ closed (won + lost) deals in the 12 months, against the rest of the team (every "
        "other rep): the Team win rate of the team view.",
    )
    columns[2].metric(
        "Pipeline coverage",
        times(figures.coverage),
        help="Open pipeline ÷ next quarter's quota (a quarter of the annual quota); 3x is the usual target.",
    )
    columns[3].metric(
        "Open pipeline",
        money(figures.open_pipeline),
        count(figures.open_deals, "deal"),
        delta_color="off",
        delta_arrow="off",
        help=f"Value of the rep's open deals on {figures.as_of:%d %b %Y} (deals without an amount valued "
        "at the median won deal).",
    )
    if brief.primary is not None:
        st.warning(
            f"**{brief.lead.one_thing}**  \nNeeds **{brief.primary.intervention}**: {brief.primary.action}"
        )
    else:
        st.info(brief.lead.one_thing)
    if brief.session_date is not None:
        st.caption(f"For the session on {brief.session_date:%A %d %B %Y} (see the Sessions tab).")
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


def show_session(session: CoachingSession, *, expanded: bool) -> None:
    """One session in an expander: who ran it, its notes (or agenda) and each commitment to follow up."""
    due = " (to record)" if session.status == SCHEDULED and session.scheduled_for <= today else ""
    label = f"#{session.id} {session.scheduled_for:%a %d %b %Y} - {status_label(session.status)}{due}"
    with st.expander(label, expanded=expanded):
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
                    "Status",
                    COMMITMENT_STATUSES,
                    index=COMMITMENT_STATUSES.index(commitment.status),
                    format_func=status_label,
                )
                note = st.text_input("What happened", value=commitment.follow_up)
                if st.form_submit_button("Update"):
                    store.update_commitment(commitment.id, status, note)
                    state.set_coaching_notice(f"Commitment updated: “{commitment.text}” is {status}.")
                    st.rerun()


with sessions_tab:
    st.subheader(f"Sessions with {rep}")
    if store is None:
        st.error(f"Sessions cannot be saved or shown: {store_error}")
        st.stop()
    notice = state.pop_coaching_notice()
    if notice:
        st.success(notice, icon=":material/check_circle:")
    sessions = store.list_sessions(rep)
    listed = session_list(sessions)

    with st.form("schedule_session", clear_on_submit=True):
        st.markdown("**Schedule a strategic coaching session**")
        when = st.date_input("Date", value=today + dt.timedelta(days=7), format="YYYY-MM-DD")
        manager = st.text_input("Manager", value=brief.manager)
        agenda = st.text_area("Agenda (from the brief)", value=brief.agenda_text(), height=150)
        if st.form_submit_button("Schedule"):
            clash = booked_on(sessions, when)
            if clash is not None:
                st.warning(
                    f"Not scheduled: {rep} already has session #{clash.id} on {when:%A %d %B %Y} "
                    f"({status_label(clash.status)}). Pick another date, or use that session below."
                )
            else:
                session = store.schedule_session(rep, when, manager=manager, agenda=agenda)
                state.set_coaching_notice(
                    f"Session #{session.id} with {rep} scheduled for {session.scheduled_for:%A %d %B %Y}. "
                    + (
                        "The brief now shows this date; record the session here once it has been held."
                        if session.scheduled_for >= today
                        else "Its date has passed: record its notes and commitments below."
                    )
                )
                st.rerun()

    st.markdown("**Coming up**")
    held_due = [s for s in listed.coming_up if s.scheduled_for <= today]
    if not listed.coming_up:
        st.caption("Nothing booked: schedule the next session above.")
    elif len(held_due) < len(listed.coming_up):
        st.caption("A session can be recorded as held on or after its date.")
    for session in listed.coming_up:
        show_session(session, expanded=False)
    if held_due:
        with st.form("record_session", clear_on_submit=True):
            st.markdown("**Record a session that has been held**")
            chosen = st.selectbox(
                "Session",
                held_due,
                format_func=lambda s: f"#{s.id} on {s.scheduled_for:%d %b %Y}",
            )
            notes = st.text_area("Notes")
            commitments = st.text_area("Commitments (one per line)")
            due = st.date_input("Commitments due", value=None, format="YYYY-MM-DD")
            if st.form_submit_button("Save notes and commitments"):
                lines = [line for line in commitments.splitlines() if line.strip()]
                try:
                    store.record_session(chosen.id, notes, lines, due_date=due, today=today)
                except InputError as error:
                    st.error(str(error))
                else:
                    state.set_coaching_notice(
                        f"Session #{chosen.id} recorded as held with {count(len(lines), 'commitment')}: "
                        "the next brief reviews them, and each can be followed up under History below."
                    )
                    st.rerun()

    st.markdown("**History**")
    if not listed.history:
        st.info("No sessions held yet with this rep.")
    for session in listed.history:  # newest first; the latest open, its commitments in view
        show_session(session, expanded=session is listed.latest_held)
