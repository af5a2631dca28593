"""One raw file -> one canonical table: map the columns, type them, and set aside unusable rows.

Checks that need only the table itself live here (unreadable numbers and dates,
negative sizes, missing names, duplicate ids). Checks across tables (does this
deal's account exist?) live in ``link``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pandas as pd

from planner.errors import InputError
from planner.ingest import clean, lookup
from planner.ingest.mapping import ColumnMapping, map_columns
from planner.ingest.read import RawTable
from planner.ingest.report import INFO, KEPT, SKIPPED, Problem, note, row_problem
from planner.schema import Account, ColumnSpec, Market, Opportunity, Rep, TableSpec

# Columns where a negative value is a data error, not a credit note or a longitude.
NON_NEGATIVE = {
    Account.EMPLOYEES,
    Account.REVENUE,
    Account.SPEND,
    Opportunity.AMOUNT,
    Rep.QUOTA,
    Rep.CAPACITY,
    Rep.MAX_WORKLOAD,
    Market.FIRMS,
    Market.EMPLOYMENT,
    Market.PAYROLL,
}
# Valid ranges of coordinates.
BOUNDS = {
    Account.LAT: (-90.0, 90.0),
    Account.LON: (-180.0, 180.0),
    Rep.HOME_LAT: (-90.0, 90.0),
    Rep.HOME_LON: (-180.0, 180.0),
}
# The id column of each table, whose duplicates are set aside.
ID_COLUMN = {"accounts": Account.ID, "opportunities": Opportunity.ID, "reps": Rep.NAME}
# Required columns whose empty cells make a row unusable (a deal with no stage is still open pipeline).
ROW_REQUIRED = {"accounts": (Account.NAME,), "reps": (Rep.NAME,), "market": (Market.INDUSTRY, Market.STATE)}


@dataclass(frozen=True)
class TypedTable:
    """A table in canonical columns, indexed by the Excel row each record came from."""

    frame: pd.DataFrame
    mapping: ColumnMapping
    raw: RawTable
    rows_read: int
    problems: tuple[Problem, ...]


def typed_table(
    spec: TableSpec, raw: RawTable, overrides: Mapping[str, str | None] | None = None
) -> TypedTable:
    """Map and type ``raw`` into ``spec``'s columns; every row dropped or changed becomes a problem."""
    file = raw.file
    # Every row below the header counts, empty ones too, so the rows set aside add up to what Excel shows.
    rows_read = len(raw.frame) + len(raw.ragged_rows) + len(raw.blank_rows)
    mapping = map_columns(spec, list(raw.frame.columns), overrides, file=file)
    if raw.frame.empty:
        raise InputError(
            "the file has a header row but no data rows." if not raw.ragged_rows else "no row could be read.",
            file=file,
            hint="Export the table again with its data.",
        )
    problems: list[Problem] = list(_reading_problems(spec.name, raw))
    european = raw.delimiter == ";"  # Excel writes ';' where the decimal mark is a comma

    def typed(column: ColumnSpec) -> tuple[pd.Series, list[Problem]]:
        source = mapping.columns.get(column.name)
        if source is None:
            return empty_column(column.kind, raw.frame.index), []
        return _typed_column(spec.name, file, column.kind, raw.frame[source], source, european)

    # Columns are typed independently, mostly inside Arrow kernels that release the GIL: one per core.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        results = list(pool.map(typed, spec.columns))
    columns = {column.name: values for column, (values, _) in zip(spec.columns, results, strict=True)}
    problems += [problem for _, found in results for problem in found]
    frame = pd.DataFrame(columns, index=raw.frame.index)
    frame, range_problems = _out_of_range(spec.name, file, frame, mapping)
    problems += range_problems
    frame, row_problems = _unusable_rows(spec, file, frame, mapping)
    problems += row_problems + _revenue_units(spec.name, file, frame, mapping)
    if frame.empty:
        raise InputError(
            f"no usable rows in the {spec.name} file ({rows_read:,} read, all set aside).",
            file=file,
            hint=problems[-1].message() if problems else None,
        )
    return TypedTable(frame, mapping, raw, rows_read, tuple(problems))


def _typed_column(
    table: str, file: str, kind: str, series: pd.Series, source: str, european: bool
) -> tuple[pd.Series, list[Problem]]:
    """One source column typed as ``kind``, with a problem for its unreadable cells and a note on how
    it was read."""
    if kind == "id":
        return clean.identifier(series), []
    if kind not in ("number", "date"):
        return clean.text(series), []
    parsed = (
        clean.number(series, european=european)
        if kind == "number"
        else clean.date(series, day_first=european)
    )
    problems = []
    if parsed.invalid.any():
        examples = ", ".join(f"'{v}'" for v in series[parsed.invalid].drop_duplicates().head(3))
        problems.append(
            row_problem(
                table,
                file,
                parsed.invalid[parsed.invalid].index,
                f"not a readable {kind} (e.g. {examples})",
                f"{KEPT}, value left blank",
                column=source,
            )
        )
    if parsed.note:
        problems.append(note(table, file, parsed.note, "read", column=source))
    return parsed.values, problems


def empty_column(kind: str, index: pd.Index) -> pd.Series:
    """An all-missing column of the dtype canonical columns of ``kind`` have."""
    if kind == "number":
        return pd.Series(float("nan"), index=index, dtype="float64")
    if kind == "date":
        return pd.Series(pd.NaT, index=index, dtype="datetime64[ns]")
    return pd.Series(pd.NA, index=index, dtype="string")


def _reading_problems(table: str, raw: RawTable) -> list[Problem]:
    problems = []
    if raw.ragged_rows:
        problems.append(
            row_problem(
                table,
                raw.file,
                list(raw.ragged_rows),
                "more cells than the header has columns (often an unquoted comma in a name)",
                SKIPPED,
            )
        )
    if raw.blank_rows:
        problems.append(
            row_problem(
                table,
                raw.file,
                list(raw.blank_rows),
                "empty row (no value in any column)",
                SKIPPED,
                level=INFO,
            )
        )
    if raw.footer:
        problems.append(
            note(
                table,
                raw.file,
                f"{len(raw.footer)} line(s) after the table ignored (e.g. '{raw.footer[0]}')",
                SKIPPED,
            )
        )
    if raw.preamble_rows:
        problems.append(
            note(
                table,
                raw.file,
                f"header found on row {raw.preamble_rows + 1}; the lines above it were ignored",
                INFO,
            )
        )
    return problems


def _out_of_range(
    table: str, file: str, frame: pd.DataFrame, mapping: ColumnMapping
) -> tuple[pd.DataFrame, list[Problem]]:
    """Negative sizes and impossible coordinates are blanked (the row stays) and reported."""
    problems = []
    for column in frame.columns:
        values = frame[column]
        if column in NON_NEGATIVE:
            bad = values < 0
            reason = "negative value where only zero or more makes sense"
        elif column in BOUNDS:
            low, high = BOUNDS[column]
            bad = (values < low) | (values > high)
            reason = f"outside {low:g}..{high:g}"
        else:
            continue
        bad = bad.fillna(False)
        if bad.any():
            frame[column] = values.mask(bad)
            problems.append(
                row_problem(
                    table,
                    file,
                    bad[bad].index,
                    reason,
                    f"{KEPT}, value left blank",
                    column=mapping.columns[column],
                )
            )
    return frame, problems


# Below this median revenue per employee (USD) the revenue column is almost surely in thousands or millions.
_MIN_REVENUE_PER_EMPLOYEE = 1_000


def _revenue_units(table: str, file: str, frame: pd.DataFrame, mapping: ColumnMapping) -> list[Problem]:
    """Flag a revenue column that looks like it is in thousands or millions (Maven's is in millions).

    Values are left as they are (scores compare accounts with each other, so the unit
    cancels), but a person reading revenue figures should know.
    """
    if table != "accounts" or not (mapping.columns[Account.REVENUE] and mapping.columns[Account.EMPLOYEES]):
        return []
    per_employee = (
        frame[Account.REVENUE] / frame[Account.EMPLOYEES].where(frame[Account.EMPLOYEES] > 0)
    ).median()
    if pd.isna(per_employee) or per_employee >= _MIN_REVENUE_PER_EMPLOYEE:
        return []
    return [
        note(
            table,
            file,
            f"median revenue per employee is {per_employee:,.2f}: the revenue column is probably in "
            "thousands or millions; values are kept as given",
            KEPT,
            column=mapping.columns[Account.REVENUE],
        )
    ]


def _unusable_rows(
    spec: TableSpec, file: str, frame: pd.DataFrame, mapping: ColumnMapping
) -> tuple[pd.DataFrame, list[Problem]]:
    """Rows missing a required value, and later duplicates of an id, are set aside."""
    problems = []
    for column in ROW_REQUIRED.get(spec.name, ()):
        missing = frame[column].isna()
        if missing.any():
            problems.append(
                row_problem(
                    spec.name, file, missing[missing].index, "empty", SKIPPED, column=mapping.columns[column]
                )
            )
            frame = frame.loc[~missing]
    id_column = ID_COLUMN.get(spec.name)
    if id_column and mapping.columns.get(id_column):
        ids = frame[id_column]
        repeated = lookup.duplicated(ids.str.lower() if id_column == Rep.NAME else ids)
        if repeated.any():
            first = ids[repeated].iloc[0]
            problems.append(
                row_problem(
                    spec.name,
                    file,
                    repeated[repeated].index,
                    f"duplicate {_label(spec, id_column)} (e.g. '{first}' appears earlier); "
                    "the first occurrence is used",
                    SKIPPED,
                    column=mapping.columns[id_column],
                )
            )
            frame = frame.loc[~repeated]
    return frame, problems


def _label(spec: TableSpec, column: str) -> str:
    """A column as the report names it: ``opportunity ID`` rather than ``opportunity_id``."""
    label = next((c.label for c in spec.columns if c.name == column and c.label), column)
    return label[0].lower() + label[1:]
