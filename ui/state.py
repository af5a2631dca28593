"""Every ``st.session_state`` key in one place, with typed accessors.

Pages never invent keys; a user's choices (mapping, weights, filters,
tolerance, scenario) live here so they carry across pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import streamlit as st

from planner.paths import default_dataset_label

if TYPE_CHECKING:  # importing planner.scoring loads scikit-learn: the Data page must not wait for it
    from planner.scoring import TierRule, Weights
    from planner.scoring.filters import AccountFilter
    from planner.workspace import Workspace

# Keys (one constant each; pages import the accessors, not the strings).
WORKSPACE = "workspace"
WORKSPACE_UPLOADED = "workspace_uploaded"  # whether the active workspace was built from the user's files


def get(key: str, default: Any = None) -> Any:
    return st.session_state.get(key, default)


def put(key: str, value: Any) -> None:
    st.session_state[key] = value


# --- Data: the active dataset and how its columns are mapped --------------------------------------------
# WORKSPACE holds the Workspace built from the user's files; absent means "the demo".
SOURCES = "data_sources"  # {table: (file name, bytes)} of the uploaded export; absent means the demo
MAPPING_OVERRIDES = "mapping_overrides"  # {table: {canonical column: source column or None}}
_MAPPING_WIDGET = "map_widget"
PREVIEW_OPEN = "data_preview_open"  # whether the Data page's preview is open (built only then)
PREVIEW_TAB = "data_preview_tab"  # the table open in the Data page's preview (only that one is built)
MAPPING_OPEN = "data_mapping_open"  # {table: bool}: the Data page's column-mapping expanders left open
_MAPPING_EXPANDER = "map_expander"


def workspace() -> Workspace:
    """The workspace every page works on: the user's loaded export, else the cached demo.

    Pages call this and nothing else to get data::

        from ui import state
        ws = state.workspace()
        result = ws.score(...)

    The Data page is the only writer (``set_workspace`` / ``use_demo``).
    """
    active = st.session_state.get(WORKSPACE)
    if active is None:
        from ui import cached  # imported here so ui.cached may import ui.state without a cycle

        return cached.demo_workspace()
    return active


def position(options: Sequence[Any], remembered: Any) -> int:
    """Where a remembered choice sits among the options a widget offers now; the first when it is gone
    (a rep, segment or scenario no longer in the data)."""
    return options.index(remembered) if remembered in options else 0


def set_workspace(value: Workspace) -> None:
    st.session_state[WORKSPACE] = value
    st.session_state[WORKSPACE_UPLOADED] = not is_demo()


def data_in_use() -> tuple[str, bool]:
    """The active dataset's name, and whether the user's own files wait unused (none loaded yet, or
    not usable): said on every page, without loading the data, so the demo's figures are never taken
    for theirs."""
    active = st.session_state.get(WORKSPACE)
    label = active.label if active is not None else default_dataset_label()
    return label, not is_demo() and not st.session_state.get(WORKSPACE_UPLOADED, False)


def use_demo() -> None:
    """Back to the demo data: forget the uploaded files, their workspace and their mapping."""
    for key in (WORKSPACE, WORKSPACE_UPLOADED, SOURCES, MAPPING_OVERRIDES):
        st.session_state.pop(key, None)


def use_uploads() -> None:
    """Switch to the user's own files (none loaded yet); pages keep the current workspace until files load."""
    st.session_state[SOURCES] = {}
    st.session_state.pop(MAPPING_OVERRIDES, None)


def is_demo() -> bool:
    return st.session_state.get(SOURCES) is None


def sources() -> dict[str, tuple[str, bytes]]:
    """The uploaded files by table; empty when the demo is active."""
    return dict(st.session_state.get(SOURCES) or {})


def set_source(table: str, file: tuple[str, bytes] | None) -> None:
    """Add, replace or (``None``) remove one uploaded file; the mapping restarts from the automatic one."""
    files = sources()
    if file is None:
        files.pop(table, None)
    else:
        files[table] = file
    st.session_state[SOURCES] = files
    st.session_state.pop(MAPPING_OVERRIDES, None)


def sources_generation() -> str:
    """Which files are loaded (names and sizes): a mapping choice made for other files is stale."""
    return repr(sorted((table, name, len(data)) for table, (name, data) in sources().items()))


def mapping_overrides() -> dict[str, dict[str, str | None]]:
    """The user's column choices, by table, that override the automatic mapping."""
    return {
        table: dict(columns) for table, columns in (st.session_state.get(MAPPING_OVERRIDES) or {}).items()
    }


def set_mapping_override(table: str, column: str, source: str | None) -> None:
    overrides = mapping_overrides()
    overrides.setdefault(table, {})[column] = source
    st.session_state[MAPPING_OVERRIDES] = overrides


def reset_mapping(table: str | None = None) -> None:
    """Back to the automatic mapping for one table, or for all."""
    overrides = mapping_overrides()
    if table is None:
        overrides.clear()
    else:
        overrides.pop(table, None)
    st.session_state[MAPPING_OVERRIDES] = overrides


def mapping_widget_key(table: str, column: str, revision: str) -> str:
    """Key of a mapping selectbox; ``revision`` follows the mapping so a widget never shows a stale choice."""
    return f"{_MAPPING_WIDGET}:{table}:{column}:{revision}"


def mapping_open(table: str, default: bool) -> bool:
    """Whether the column-mapping expander of ``table`` is open (``default`` until the user opens or
    closes it, or edits its mapping). Its label counts the mapped columns, so each edit makes it a new
    expander that Streamlit would draw closed."""
    return bool((st.session_state.get(MAPPING_OPEN) or {}).get(table, default))


def set_mapping_open(table: str, value: bool) -> None:
    st.session_state[MAPPING_OPEN] = {**(st.session_state.get(MAPPING_OPEN) or {}), table: bool(value)}


def mapping_expander_key(table: str) -> str:
    """Key of the column-mapping expander of ``table`` on the Data page."""
    return f"{_MAPPING_EXPANDER}:{table}"


def upload_widget_key(table: str) -> str:
    """Key of the file uploader for ``table`` on the Data page."""
    return f"upload:{table}"


# --- Ideal profile: the user's cluster-count override -----------------------------------------------------
ICP_K = "icp_k"  # None (automatic) or a fixed number of clusters


def icp_k() -> int | None:
    """The number of clusters the user fixed on the Ideal profile page, or None for automatic."""
    value = st.session_state.get(ICP_K)
    return int(value) if value else None


def set_icp_k(value: int | None) -> None:
    st.session_state[ICP_K] = int(value) if value else None


# Streamlit forgets a widget's key when its page is left, so the widget has its own key and writes ICP_K.
ICP_K_WIDGET = "icp_k_widget"


# --- Scoring: weights, tier rule, account filters (Accounts and Segments pages; read by Territories) -------
SCORE_WEIGHTS = "score_weights"  # planner.scoring.Weights
SCORE_TIERS = "score_tiers"  # planner.scoring.TierRule
SCORE_LOOKALIKE = "score_lookalike"  # bool: blend the best profile's similarity into fit
ACCOUNT_FILTER = "account_filter"  # planner.scoring.filters.AccountFilter
SEGMENT_FOCUS = "segment_focus"  # the segment drilled into on the Segments page (label) or None
# Widgets keep their own keys (Streamlit drops a widget's key when its page is left) and write the above.
SCORE_WIDGET = "score_widget"


def score_weights() -> Weights:
    """The user's component weights (default potential 0.4, fit 0.4, market 0.2)."""
    from planner.scoring import Weights

    return st.session_state.get(SCORE_WEIGHTS) or Weights()


def set_score_weights(value: Weights) -> None:
    st.session_state[SCORE_WEIGHTS] = value


def tier_rule() -> TierRule:
    """Quantile tiers, or each rep's top N (the Territories page uses the same tiers for workload)."""
    from planner.scoring import TierRule

    return st.session_state.get(SCORE_TIERS) or TierRule()


def set_tier_rule(value: TierRule) -> None:
    st.session_state[SCORE_TIERS] = value


def score_lookalike() -> bool:
    return bool(st.session_state.get(SCORE_LOOKALIKE, True))


def set_score_lookalike(value: bool) -> None:
    st.session_state[SCORE_LOOKALIKE] = bool(value)


def account_filter() -> AccountFilter:
    from planner.scoring.filters import AccountFilter

    return st.session_state.get(ACCOUNT_FILTER) or AccountFilter()


def set_account_filter(value: AccountFilter) -> None:
    st.session_state[ACCOUNT_FILTER] = value


def segment_focus() -> str | None:
    return st.session_state.get(SEGMENT_FOCUS)


def set_segment_focus(value: str | None) -> None:
    st.session_state[SEGMENT_FOCUS] = value


def score_widget_key(name: str) -> str:
    """Key of one scoring widget (a weight slider, a filter) on the Accounts or Segments page."""
    return f"{SCORE_WIDGET}:{name}"


# --- Coaching: the rep whose brief is open, and the session date being planned ------------------------------
COACHING_REP = "coaching_rep"  # the rep's name as spelled in the data, or None (first rep)
COACHING_REP_WIDGET = "coaching_rep_widget"


def coaching_rep() -> str | None:
    """The rep picked on the Coaching page (kept when the user visits other pages)."""
    return st.session_state.get(COACHING_REP)


def set_coaching_rep(value: str | None) -> None:
    st.session_state[COACHING_REP] = value


COACHING_TAB = "coaching_tab"  # the Coaching tab open (its label); tracked so saving a session stays there
COACHING_NOTICE = "coaching_notice"  # the confirmation of the last save, shown once after the rerun


def set_coaching_notice(text: str) -> None:
    """Keep a confirmation for the next run: ``st.rerun`` would wipe an ``st.success`` drawn before it."""
    st.session_state[COACHING_NOTICE] = text


def pop_coaching_notice() -> str | None:
    """The pending confirmation, once (it is cleared as it is read)."""
    return st.session_state.pop(COACHING_NOTICE, None)


# --- Territories: tolerance, scenario, the scenario compared with it, solver time budget ------------------
TERRITORY_TOLERANCE = "territory_tolerance"  # float: allowed deviation from the team mean (0.05 = ±5%)
TERRITORY_SCENARIO = "territory_scenario"  # a planner.territories.SCENARIOS name
TERRITORY_COMPARE = "territory_compare"  # the scenario shown beside it on the Compare tab
TERRITORY_TIME_LIMIT = "territory_time_limit"  # seconds the solver may spend on a large plan
TERRITORY_TAB = "territory_tab"  # the Territories tab open (its label); tracked so a rerun keeps it
TERRITORY_WIDGET = "territory_widget"


def territory_tolerance() -> float:
    return float(st.session_state.get(TERRITORY_TOLERANCE, 0.05))


def set_territory_tolerance(value: float) -> None:
    st.session_state[TERRITORY_TOLERANCE] = float(value)


def territory_scenario() -> str:
    from planner.territories import DEFAULT_SCENARIO

    return str(st.session_state.get(TERRITORY_SCENARIO) or DEFAULT_SCENARIO)


def set_territory_scenario(value: str) -> None:
    st.session_state[TERRITORY_SCENARIO] = value


def territory_compare() -> str:
    """The scenario compared with the main one (default: "Balance first")."""
    return str(st.session_state.get(TERRITORY_COMPARE) or "Balance first")


def set_territory_compare(value: str) -> None:
    st.session_state[TERRITORY_COMPARE] = value


def territory_time_limit() -> float:
    return float(st.session_state.get(TERRITORY_TIME_LIMIT, 15.0))


def set_territory_time_limit(value: float) -> None:
    st.session_state[TERRITORY_TIME_LIMIT] = float(value)


def territory_widget_key(name: str) -> str:
    """Key of one Territories widget (tolerance slider, scenario choice...)."""
    return f"{TERRITORY_WIDGET}:{name}"
