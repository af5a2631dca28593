"""The only place with ``st.cache_data`` / ``st.cache_resource``.

Frames are passed as leading-underscore arguments (not hashed) and the
workspace ``version`` as a normal one: Streamlit hashes large frames from a
sample, so keying on the frame itself could return a stale result.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING

import streamlit as st

from planner.errors import InputError
from planner.export import to_csv_bytes
from planner.ingest import Overrides, Source, columns_of
from planner.workspace import Workspace
from ui import preload, progress, state

# The capabilities load scipy, scikit-learn and SQLAlchemy (seconds): each function imports what it runs
# so the first page (Data) costs only ingest; the names below are for type hints alone.
if TYPE_CHECKING:
    import pandas as pd
    import plotly.graph_objects as go

    from planner.coaching import CoachingBrief, CoachingInputs, TeamCoaching
    from planner.icp import IcpResult
    from planner.scoring import BacktestResult, FittedScores, ScoreResult
    from planner.scoring.filters import AccountFilter
    from planner.storage import CoachingSession, Store
    from planner.territories import TerritoryPlan


# --- Data ------------------------------------------------------------------------------------------------
def sources_key(files: Mapping[str, tuple[str, bytes]], overrides: Overrides) -> str:
    """A key for a set of uploaded files plus mapping overrides: a hash of names, bytes and choices."""
    digest = hashlib.sha256()
    for table in sorted(files):
        name, data = files[table]
        digest.update(f"{table}\0{name}\0{len(data)}\0".encode())
        digest.update(data)
    digest.update(json.dumps(overrides, sort_keys=True).encode())
    return digest.hexdigest()[:20]


@st.cache_resource(max_entries=8, show_spinner="Loading the demo data...")
def demo_workspace(key: str = "", _overrides: Overrides | None = None) -> Workspace:
    """The bundled demo, ingested once per server process and shared by every session.

    With mapping overrides, pass ``key=sources_key({}, overrides)`` so each mapping is its own entry.
    Without them it is the read the server started at launch (``ui.preload``), awaited if unfinished.
    """
    if _overrides is None:
        return preload.default_workspace()
    return Workspace.demo(overrides=_overrides)


@st.cache_resource(max_entries=8, show_spinner="Reading your files...")
def workspace_from_files(
    key: str,
    _files: Mapping[str, tuple[str, bytes]],
    _overrides: Overrides,
    label: str | None = None,
) -> Workspace:
    """A workspace from uploaded files, keyed by ``sources_key(files, overrides)``; may raise InputError."""
    return Workspace.from_files(**_files, overrides=_overrides, label=label)


@st.cache_data(max_entries=32, show_spinner=False)
def file_columns(key: str, _name: str, _data: bytes) -> list[str]:
    """Header names of one file (``key``: hash of its bytes) for the mapping editor; may raise InputError."""
    return columns_of(Source(_name, _data))


@st.cache_data(max_entries=16, show_spinner=False)
def table_csv(_workspace: Workspace, version: str, table: str) -> bytes:
    """A canonical table as Excel-safe CSV bytes, for the download buttons."""
    return to_csv_bytes(getattr(_workspace, table))


# --- Ideal profile ---------------------------------------------------------------------------------------
@st.cache_data(max_entries=16, show_spinner=False)
def ideal_profile(_workspace: Workspace, version: str, k: int | None, seed: int = 0) -> IcpResult:
    """Clusters and best-fit profile of the workspace's closed deals; may raise InputError."""
    return _workspace.ideal_profile(k=k, seed=seed)


@st.cache_data(max_entries=16, show_spinner=False)
def lookalike_table(_workspace: Workspace, version: str, k: int | None, seed: int, top: int) -> pd.DataFrame:
    """Non-customer accounts most similar to the best profile (``top`` of them)."""
    from planner.icp import lookalike_accounts

    result = ideal_profile(_workspace, version, k, seed)
    return lookalike_accounts(result.lookalike_model, _workspace.accounts, _workspace.opportunities, top=top)


# --- Scoring ---------------------------------------------------------------------------------------------
@st.cache_resource(max_entries=8, show_spinner=False)  # active_scores shows the steps
def score_fit(_workspace: Workspace, version: str, lookalike: bool, k: int | None = None) -> FittedScores:
    """The slow half of scoring, once per data version; shared read-only (weighing never mutates it).

    With ``lookalike`` the best profile (same cache entry as the Ideal profile page, ``k``) feeds fit.
    """
    similarity: bool | pd.Series = False
    if lookalike:
        try:
            similarity = ideal_profile(_workspace, version, k).lookalike(_workspace.accounts)
        except InputError:
            similarity = False
    return _workspace.fit_scores(lookalike=similarity)


# Shown only past half a second: a re-weighing is quicker; a fit evicted from its cache is not.
@st.cache_data(max_entries=32, show_spinner="Scoring the accounts...", show_time=True)
def scores(
    _workspace: Workspace, version: str, weights: str, tiers: str, lookalike: bool, k: int | None = None
) -> ScoreResult:
    """Priority, tiers, reasons and segments for one weighting (``str(Weights)``, ``str(TierRule)``)."""
    from planner.scoring import TierRule, Weights

    fitted = score_fit(_workspace, version, lookalike, k)
    return fitted.weigh(Weights.parse(weights), TierRule.parse(tiers))


@st.cache_data(max_entries=8, show_spinner="Backtesting on older vs newer deals...", show_time=True)
def score_backtest(_workspace: Workspace, version: str) -> BacktestResult:
    """Time-ordered backtest of the fit score; may raise InputError when there are too few closed deals."""
    return _workspace.backtest()


@st.cache_resource(max_entries=8, show_spinner=False)
def calibration_figure(_backtest: BacktestResult, version: str) -> go.Figure:
    """The backtest's calibration chart, built once per data version and shared read-only.

    Re-weighing never changes it, and building a styled plotly figure was a quarter of a slider move.
    """
    from planner.charts.scoring import calibration_chart

    return calibration_chart(_backtest)


@st.cache_data(max_entries=16, show_spinner=False)
def scored_csv(
    _result: ScoreResult,
    _view: AccountFilter,
    version: str,
    weights: str,
    tiers: str,
    lookalike: bool,
    view_key: str,
) -> bytes:
    """The filtered prioritised list as Excel-safe CSV; ``view_key`` is ``repr(_view)``."""
    return to_csv_bytes(_result.export_frame(_view.apply(_result.accounts)))


def _score_choices() -> tuple[str, str, bool, int | None]:
    """The user's scoring choices as cache-key arguments: weights, tier rule, lookalike blend, k."""
    return str(state.score_weights()), str(state.tier_rule()), state.score_lookalike(), state.icp_k()


# Score fits this server process has computed: (version, lookalike, k). Only the first scoring of a
# dataset and choice is slow enough to show its steps; re-weighing reuses the fit and shows nothing.
_fitted: set[tuple[str, bool, int | None]] = set()


def active_scores(workspace: Workspace) -> ScoreResult:
    """Scores under the user's current weights, tier rule and lookalike choice: what every page shows.

    The first time for a dataset and choice (seconds at 50,000 accounts) each step is shown as it runs.
    """
    weights, tiers, lookalike, k = _score_choices()
    if (workspace.version, lookalike, k) in _fitted:
        return scores(workspace, workspace.version, weights, tiers, lookalike, k)
    accounts = f"{len(workspace.accounts):,} accounts"
    with progress.steps(f"Scoring {accounts} (first time on this data)", f"Scored {accounts}") as steps:
        steps.done(f"Read {accounts} and {len(workspace.opportunities):,} opportunities")
        if lookalike:
            # Without a profile on this data (InputError), score_fit uses win probability alone.
            clustering = "Clustering the closed deals to find the best-fit profile for lookalikes"
            with steps.step(clustering), contextlib.suppress(InputError):
                ideal_profile(workspace, workspace.version, k)
        with steps.step("Fitting the win-probability and revenue-potential models on the closed deals"):
            score_fit(workspace, workspace.version, lookalike, k)
        with steps.step("Weighing the components into priorities, tiers and reasons"):
            result = scores(workspace, workspace.version, weights, tiers, lookalike, k)
    _fitted.add((workspace.version, lookalike, k))
    return result


def prepare_default_scores(workspace: Workspace) -> None:
    """Compute, outside any session, what a first visit to Accounts needs (``ui.preload``'s warm-up).

    The scoring under the choices every session starts with (``ui.state``'s defaults: default weights
    and tiers, the lookalike blend, automatic k) and the backtest. Once they are ready the first
    visit shows no progress box; a visit that comes sooner waits on these same cache entries and its
    box shows each step finishing.
    """
    from planner.scoring import TierRule, Weights

    version = workspace.version
    try:
        ideal_profile(workspace, version, None)
        scores(workspace, version, str(Weights()), str(TierRule()), True, None)
        _fitted.add((version, True, None))
        score_backtest(workspace, version)
    except InputError:
        pass  # too little data: the pages compute it again and show the message


# --- Coaching ----------------------------------------------------------------------------------------------
@st.cache_resource(max_entries=4, show_spinner=False)
def store(url: str) -> Store:
    """One Store (engine and connection pool) per database URL, shared by every session of the server."""
    from planner.storage import Store

    return Store(url)


@st.cache_resource(max_entries=8, show_spinner="Preparing the coaching analysis...", show_time=True)
def coaching_inputs(
    _workspace: Workspace, version: str, weights: str, tiers: str, lookalike: bool, k: int | None
) -> CoachingInputs:
    """Deals, quotas, best profile and scored accounts for the briefs; shared read-only."""
    try:
        profile = ideal_profile(_workspace, version, k)
    except InputError:
        profile = None
    return _workspace.coaching(
        scored=scores(_workspace, version, weights, tiers, lookalike, k), profile=profile
    )


def active_coaching(workspace: Workspace) -> CoachingInputs:
    """Coaching inputs under the user's current scoring choices (same scores the Accounts page shows)."""
    active_scores(workspace)  # the first scoring of a dataset shows its steps
    return coaching_inputs(workspace, workspace.version, *_score_choices())


@st.cache_data(max_entries=8, show_spinner="Comparing every rep with the team...", show_time=True)
def team_coaching(
    _inputs: CoachingInputs, version: str, weights: str, tiers: str, k: int | None
) -> TeamCoaching:
    """The team view for one data version and scoring choice."""
    return _inputs.team()


@st.cache_data(max_entries=64, show_spinner=False)
def coaching_brief(
    _inputs: CoachingInputs,
    _previous: CoachingSession | None,
    version: str,
    rep: str,
    session_date: dt.date | None,
    previous_key: str,
    scoring_key: str,
) -> CoachingBrief:
    """One rep's brief; ``previous_key`` changes whenever the previous session or its commitments change."""
    return _inputs.brief(rep, previous=_previous, session_date=session_date)


def previous_key(session: CoachingSession | None) -> str:
    """A cache key for a stored session: its id, last update and each commitment's status and update."""
    if session is None:
        return ""
    parts = [str(session.id), session.updated_at.isoformat()]
    parts += [f"{c.id}:{c.status}:{c.updated_at.isoformat()}" for c in session.commitments]
    return "|".join(parts)


# --- Territories --------------------------------------------------------------------------------
@st.cache_data(max_entries=16, show_spinner=False)
def territory_plan(
    _workspace: Workspace,
    _scored: ScoreResult,
    version: str,
    scoring_key: str,
    tolerance: float,
    scenario: str,
    time_limit: float,
) -> TerritoryPlan:
    """One plan per data version, scoring choice (``scoring_key``), tolerance, scenario and time budget."""
    return _workspace.plan_territories(tolerance, scenario, scored=_scored, time_limit=time_limit)


def active_territory_plan(workspace: Workspace, scenario: str | None = None) -> TerritoryPlan:
    """The plan over the scores every page shows, under the user's tolerance and time budget."""
    scoring_key = "|".join(
        map(str, (state.score_weights(), state.tier_rule(), state.score_lookalike(), state.icp_k()))
    )
    return territory_plan(
        workspace,
        active_scores(workspace) if workspace.has_closed_deals else None,
        workspace.version,
        scoring_key,
        state.territory_tolerance(),
        scenario or state.territory_scenario(),
        state.territory_time_limit(),
    )


@st.cache_data(max_entries=16, show_spinner=False)
def territory_csv(_plan: TerritoryPlan, version: str, plan_key: str) -> bytes:
    """The plan CSV (Excel/CRM-safe); ``plan_key`` names the plan's scoring, tolerance and scenario."""
    return to_csv_bytes(_plan.export_frame())
