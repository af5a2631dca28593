"""Data page: pick the dataset (demo or your CRM export), check the column mapping, see the report.

Thin by design: ingest, mapping and validation live in ``planner.ingest``; this page
reads widgets, calls ``ui.cached`` and shows what came back. The workspace built
here becomes the active one for every other page (``ui.state.workspace()``).
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from planner.errors import InputError
from planner.export import to_csv_bytes
from planner.formatting import count
from planner.ingest import WARNING, suggest_mapping
from planner.schema import TABLES, Account, Market, Opportunity, Rep
from planner.workspace import Workspace
from ui import cached, preload, state
from ui.formats import COUNT, MONEY, show_short_table, show_table

TABLE_TITLES = {
    "accounts": "Accounts",
    "opportunities": "Opportunities",
    "reps": "Reps",
    "market": "Market reference",
}
UPLOAD_HELP = {
    "accounts": "One row per company: name, industry, employees, revenue, country/state, owner, ARR.",
    "opportunities": "One row per deal: account, owner, product, stage, amount, created and close dates.",
    "reps": "Optional. One row per rep: name, manager, region, quota, capacity. Without it: the owners.",
    "market": "Optional. Market size by industry and US state (a US reference table is bundled).",
}
NOT_MAPPED = "(not in my file)"
# The problem list's columns as the page and its CSV download show them (``planner validate --json`` keeps
# the report's field names).
PROBLEM_LABELS = {
    "level": "Level",
    "table": "Table",
    "file": "File",
    "column": "Column",
    "rows": "Rows",
    "reason": "What we found",
    "action": "What we did",
    "example_rows": "Row numbers (as Excel shows them)",
}
DEMO, UPLOAD = "Demo data", "My CRM export"
PREVIEW_ROWS = 1000
# Preview cells as a reader expects them (the columns keep their canonical names: that is what is checked).
PREVIEW_FORMATS = {
    Account.EMPLOYEES: st.column_config.NumberColumn(format=COUNT),
    Account.REVENUE: st.column_config.NumberColumn(format=MONEY),
    Account.SPEND: st.column_config.NumberColumn(format=MONEY),
    Opportunity.AMOUNT: st.column_config.NumberColumn(format=MONEY),
    Opportunity.CREATED: st.column_config.DateColumn(format="YYYY-MM-DD"),
    Opportunity.CLOSED: st.column_config.DateColumn(format="YYYY-MM-DD"),
    Opportunity.CYCLE_DAYS: st.column_config.NumberColumn(format=COUNT),
    Rep.QUOTA: st.column_config.NumberColumn(format=MONEY),
    Market.FIRMS: st.column_config.NumberColumn(format=COUNT),
    Market.EMPLOYMENT: st.column_config.NumberColumn(format=COUNT),
    Market.PAYROLL: st.column_config.NumberColumn(format=MONEY),
}


def _on_upload(table: str) -> None:
    file = st.session_state.get(state.upload_widget_key(table))
    state.set_source(table, None if file is None else (file.name, file.getvalue()))


def _on_map(table: str, column: str, key: str, generation: str) -> None:
    if generation != state.sources_generation():
        # A box drawn for the previous file reports its value when a new file arrives: that is no
        # choice for the new file (it used to unmap every column of a valid upload after a bad one).
        return
    choice = st.session_state.get(key)
    state.set_mapping_override(table, column, None if choice in (None, NOT_MAPPED) else choice)
    state.set_mapping_open(table, True)  # the user is working in it: it stays open for the next choice


def _on_toggle(table: str, key: str) -> None:
    state.set_mapping_open(table, bool(st.session_state.get(key)))


def _build() -> Workspace | None:
    """The workspace for the chosen files and mapping; shows the error and returns None when unusable."""
    overrides = state.mapping_overrides()
    files = state.sources()
    try:
        if state.is_demo():
            if not any(overrides.values()):
                return cached.demo_workspace()
            return cached.demo_workspace(cached.sources_key({}, overrides), overrides)
        if not ({"accounts", "opportunities"} & set(files)):
            st.info(
                "Upload an accounts file, an opportunities file, or both. Reps and market files are optional."
            )
            return None
        return cached.workspace_from_files(cached.sources_key(files, overrides), files, overrides)
    except InputError as error:
        st.error(f"These files cannot be used yet: {error}")
        return None


def _headers(workspace: Workspace | None) -> dict[str, list[str]]:
    """Each file's column names: from the report when ingest succeeded, else read from the file itself."""
    if state.is_demo():
        report = (workspace or cached.demo_workspace()).report
        return {name: list(t.columns_found) for name, t in report.tables.items() if not t.derived}
    headers = {}
    for table, (name, data) in state.sources().items():
        try:
            headers[table] = cached.file_columns(cached.sources_key({table: (name, data)}, {}), name, data)
        except InputError as error:
            st.error(str(error))
    return headers


def _mapping_editor(headers: dict[str, list[str]], workspace: Workspace | None) -> None:
    overrides = state.mapping_overrides()
    read = workspace.report.tables if workspace is not None and workspace.report is not None else {}
    for table, columns in headers.items():
        spec = TABLES[table]
        try:
            mapping = suggest_mapping(table, columns, overrides.get(table))
        except InputError as error:
            st.error(str(error))
            state.reset_mapping(table)
            continue
        missing = [c.label for c in spec.columns if c.required and not mapping.columns[c.name]]
        title = f"{TABLE_TITLES[table]}: {len(mapping.mapped)} of {len(spec.columns)} columns mapped"
        open_key = state.mapping_expander_key(table)
        with st.expander(
            title + (" - required column missing" if missing else ""),
            expanded=state.mapping_open(table, default=bool(missing)),
            key=open_key,
            on_change=_on_toggle,
            args=(table, open_key),
        ):
            if missing:
                st.warning(f"Choose the column that holds: {', '.join(missing)}.")
            if table in read and not read[table].derived:
                st.caption(f"Read from **{read[table].file}** ({read[table].format_label}).")
            generation = state.sources_generation()
            revision = str(abs(hash((generation, *sorted(mapping.mapped.items())))))
            grid = st.columns(3)
            for position, column in enumerate(spec.columns):
                options = [NOT_MAPPED, *columns]
                current = mapping.columns[column.name]
                key = state.mapping_widget_key(table, column.name, revision)
                grid[position % 3].selectbox(
                    f"{column.label}{' *' if column.required else ''}",
                    options,
                    index=state.position(options, current),
                    key=key,
                    on_change=_on_map,
                    args=(table, column.name, key, generation),
                    help=f"Canonical column `{column.name}`" + (" (required)" if column.required else ""),
                )
            if mapping.ignored:
                st.caption(f"Not used: {', '.join(mapping.ignored)}")
            chosen = overrides.get(table, {})
            if chosen:
                choices = (f"{spec.label(n)} ← {source or 'not mapped'}" for n, source in chosen.items())
                st.caption("Your choices: " + "; ".join(choices))
            if table in overrides and st.button("Back to automatic mapping", key=f"reset:{table}"):
                state.reset_mapping(table)
                state.set_mapping_open(table, True)
                st.rerun()


def _report(workspace: Workspace) -> None:
    report = workspace.report
    if report is None:
        return
    tables = list(report.tables.values())
    for column, table in zip(st.columns(len(tables)), tables, strict=True):
        column.metric(
            TABLE_TITLES[table.table],
            f"{table.rows_kept:,}",
            delta=f"-{table.rows_skipped:,} set aside" if table.rows_skipped else None,
            help=(
                "Rows kept after validation. Rows set aside (duplicates, rows with no name, unreadable or "
                "empty rows) are listed below with their row numbers as Excel shows them."
                if not table.derived
                else "Built from the other files because no file was given for this table."
            ),
        )
    warnings = [p for p in report.problems if p.level == WARNING]
    if warnings:
        st.warning(f"{count(len(warnings), 'problem')} found. Nothing was dropped without a line below.")
    else:
        notes = (
            f" {count(len(report.problems), 'note')} on how the data was read below."
            if report.problems
            else ""
        )
        st.success("No problems found." + notes)
    set_aside = sum(table.rows_skipped for table in tables)
    if set_aside:
        st.caption(
            f"{count(set_aside, 'row')} set aside in all; the lines below marked 'skipped' give each "
            "reason and its row numbers."
        )
    problems = report.problems_frame()
    if not problems.empty:
        shown = problems.assign(rows=problems["rows"].map(lambda rows: f"{rows:,}", na_action="ignore"))
        show_short_table(shown.rename(columns=PROBLEM_LABELS))
        st.download_button(
            "Download the problem list (CSV)",
            # A few rows: sent with the page, ready whenever it is clicked.
            to_csv_bytes(problems.rename(columns=PROBLEM_LABELS)),
            file_name="validation_report.csv",
            mime="text/csv",
            on_click="ignore",
        )


def _preview(workspace: Workspace) -> None:
    names = [name for name in TABLE_TITLES if getattr(workspace, name) is not None]
    # Only the open tab is built and sent: four 1,000-row tables at once slowed the first page.
    tabs = st.tabs([TABLE_TITLES[n] for n in names], on_change="rerun", key=state.PREVIEW_TAB)
    for tab, name in zip(tabs, names, strict=True):
        frame = getattr(workspace, name)
        if not tab.open:
            continue
        with tab:
            st.caption(
                f"First {min(PREVIEW_ROWS, len(frame)):,} of {len(frame):,} rows, in canonical columns."
            )
            show_table(
                frame.head(PREVIEW_ROWS),
                column_config={c: f for c, f in PREVIEW_FORMATS.items() if c in frame.columns},
            )
            st.download_button(
                f"Download cleaned {name} (CSV)",
                # Written only when clicked: four eager CSVs of a large export would delay the first page.
                partial(cached.table_csv, workspace, workspace.version, name),
                file_name=f"{name}.csv",
                mime="text/csv",
                key=f"download:{name}",
                on_click="ignore",
            )


st.title("Data")
st.caption(
    "Start with the demo dataset, or load your own CRM export (Salesforce, HubSpot, Dynamics or any "
    "spreadsheet). See what was read, fixed or set aside, then check how its columns were matched."
)

choice = st.radio("Dataset", [DEMO, UPLOAD], index=0 if state.is_demo() else 1, horizontal=True)
if choice == DEMO and not state.is_demo():
    state.use_demo()
    st.rerun()
if choice == UPLOAD:
    if state.is_demo():
        state.use_uploads()
    columns = st.columns(4)
    for column, table in zip(columns, TABLE_TITLES, strict=True):
        column.file_uploader(
            TABLE_TITLES[table] + ("" if table in ("accounts", "opportunities") else " (optional)"),
            type=["csv", "txt", "tsv", "xlsx"],
            key=state.upload_widget_key(table),
            on_change=_on_upload,
            args=(table,),
            help=UPLOAD_HELP[table],
        )
    loaded = state.sources()
    if loaded:
        st.caption("Loaded: " + "; ".join(f"{TABLE_TITLES[t]}: {name}" for t, (name, _) in loaded.items()))

workspace = _build()
if workspace is not None:
    state.set_workspace(workspace)
active = state.workspace()
st.caption(f"Every page now uses: **{active.label}** (version `{active.version}`).")

if workspace is not None:
    st.subheader("Validation report")
    _report(workspace)

st.subheader("Column mapping")
_mapping_editor(_headers(workspace), workspace)

if workspace is not None:
    # Built only when opened: the first page then needs no data grid, which the browser loads lazily.
    with st.expander("Preview the cleaned tables", key=state.PREVIEW_OPEN, on_change="rerun") as preview:
        if preview.open:
            _preview(workspace)
    if state.is_demo():
        preload.warm_up(workspace)  # the next pages' models, computed while this page is read
