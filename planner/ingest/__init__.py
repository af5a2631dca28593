"""Ingest: CRM exports (CSV/XLSX bytes) -> validated canonical tables plus a report of every change.

Public face::

    ingest_tables(accounts=Source(...), opportunities=Source(...), reps=None, market=None,
                  overrides={"accounts": {"industry": "Sector"}}) -> Ingested

Raises ``InputError`` only when the data cannot be used at all (unreadable file,
missing required column, no usable row); everything else is kept or set aside and
listed in ``Ingested.report``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from planner.errors import InputError
from planner.ingest import labels, link
from planner.ingest.mapping import SYNONYMS, ColumnMapping, map_columns, parse_override
from planner.ingest.read import read_table
from planner.ingest.report import (
    DERIVED_FILE,
    INFO,
    KEPT,
    NO_FILE,
    WARNING,
    IngestReport,
    Problem,
    TableReport,
    note,
)
from planner.ingest.tables import TypedTable, empty_column, typed_table
from planner.schema import ACCOUNTS, MARKET, OPPORTUNITIES, REPS, TABLES, Account, Opportunity, Rep, TableSpec

__all__ = [
    "INFO",
    "SYNONYMS",
    "WARNING",
    "ColumnMapping",
    "IngestReport",
    "Ingested",
    "Overrides",
    "Problem",
    "Source",
    "TableReport",
    "columns_of",
    "ingest_tables",
    "map_columns",
    "parse_override",
    "suggest_mapping",
]

Overrides = Mapping[str, Mapping[str, str | None]]


@dataclass(frozen=True)
class Source:
    """One uploaded or on-disk file: its name (for messages) and its bytes."""

    name: str
    data: bytes

    @classmethod
    def of(cls, value: Source | str | Path | tuple[str, bytes]) -> Source:
        """A Source from a path, a ``(name, bytes)`` pair, or a Source."""
        if isinstance(value, Source):
            return value
        if isinstance(value, tuple):
            name, data = value
            return cls(str(name), bytes(data))
        path = Path(value)
        try:
            return cls(path.name, path.read_bytes())
        except OSError as error:
            raise InputError(f"cannot open the file ({error.strerror or error}).", file=str(path)) from error


@dataclass(frozen=True)
class Ingested:
    """The canonical tables (every column present, RangeIndex) and the report of how they were made."""

    accounts: pd.DataFrame
    opportunities: pd.DataFrame
    reps: pd.DataFrame
    market: pd.DataFrame | None
    report: IngestReport


def ingest_tables(
    accounts: Source | None = None,
    opportunities: Source | None = None,
    reps: Source | None = None,
    market: Source | None = None,
    overrides: Overrides | None = None,
) -> Ingested:
    """Read, map, type, validate and link the files of one CRM export.

    Either accounts or opportunities must be given; the missing one of the two, and a
    missing reps table, are derived from the others (and the report says so).
    """
    if accounts is None and opportunities is None:
        raise InputError(
            "no data given: an accounts file, an opportunities file, or both are needed.",
            hint="Upload your CRM export, or use the demo data.",
        )
    overrides = overrides or {}
    unknown = sorted(set(overrides) - set(TABLES))
    if unknown:
        raise InputError(f"mapping given for unknown table '{unknown[0]}'; tables are {', '.join(TABLES)}.")
    typed = {
        spec.name: _typed(spec, source, overrides.get(spec.name))
        for spec, source in (
            (ACCOUNTS, accounts),
            (OPPORTUNITIES, opportunities),
            (REPS, reps),
            (MARKET, market),
        )
        if source is not None
    }
    problems: list[Problem] = [p for table in typed.values() for p in table.problems]
    opps = typed.get("opportunities")
    if accounts is None and opps is not None and not _names_accounts(opps):
        raise InputError(
            "the opportunities file has neither an account id nor an account name column, "
            f"and no accounts file was given. Columns found: {', '.join(opps.raw.frame.columns)}.",
            file=opps.raw.file,
            hint="Choose the column that holds the account name in the column mapping below.",
            cli_hint="Map a column with --map opportunities.account_name=<column>.",
        )
    account_frame, account_problems = _accounts(typed, opps)
    problems += account_problems
    opportunity_frame = _no_opportunities()
    if opps is None:
        problems.append(
            note(
                "opportunities",
                NO_FILE,
                "no opportunities file: win rates, cycles and coaching need deals",
                KEPT,
            )
        )
    else:
        opportunity_frame, opp_problems = _opportunities(
            opps, account_frame, accounts_given=accounts is not None
        )
        problems += opp_problems
    (account_frame, opportunity_frame), owner_problems = _owners(typed, account_frame, opportunity_frame)
    problems += owner_problems
    rep_frame, rep_problems = _reps(typed.get("reps"), account_frame, opportunity_frame)
    problems += rep_problems
    market_frame = typed["market"].frame if "market" in typed else None

    frames = {
        "accounts": account_frame,
        "opportunities": opportunity_frame,
        "reps": rep_frame,
        "market": market_frame,
    }
    tables = {
        name: _table_report(name, typed.get(name), frame)
        for name, frame in frames.items()
        if frame is not None and (name in typed or name != "market")
    }
    report = IngestReport(tables=tables, problems=tuple(problems), usable=True)
    final = {name: None if frame is None else frame.reset_index(drop=True) for name, frame in frames.items()}
    return Ingested(final["accounts"], final["opportunities"], final["reps"], final["market"], report)


def columns_of(source: Source) -> list[str]:
    """The header names of a file as ingest reads them (for choosing a mapping by hand)."""
    return list(read_table(source.data, source.name).frame.columns)


def suggest_mapping(
    table: str, headers: list[str], overrides: Mapping[str, str | None] | None = None
) -> ColumnMapping:
    """The mapping ingest would use for these headers, without failing on a missing required column."""
    return map_columns(TABLES[table], headers, overrides, strict=False)


def _names_accounts(opps: TypedTable) -> bool:
    return bool(
        opps.mapping.columns[Opportunity.ACCOUNT_ID] or opps.mapping.columns[Opportunity.ACCOUNT_NAME]
    )


def _typed(spec: TableSpec, source: Source, overrides: Mapping[str, str | None] | None) -> TypedTable:
    return typed_table(spec, read_table(source.data, source.name), overrides)


def _no_opportunities() -> pd.DataFrame:
    """The opportunities table of an export without deals: every column, including the derived ones, empty."""
    none = pd.RangeIndex(0)
    columns = {column.name: empty_column(column.kind, none) for column in OPPORTUNITIES.columns}
    columns[Opportunity.OUTCOME] = empty_column("text", none)
    columns[Opportunity.CYCLE_DAYS] = empty_column("number", none)
    return pd.DataFrame(columns)


def _accounts(typed: dict[str, TypedTable], opps: TypedTable | None) -> tuple[pd.DataFrame, list[Problem]]:
    given = typed.get("accounts")
    if given is None:
        assert opps is not None  # ingest_tables checked that one of the two is given
        frame, line = link.derive_accounts(opps.frame)
        if frame.empty:
            raise InputError(
                "no accounts file was given and no deal names an account.",
                file=opps.raw.file,
                hint="Upload the accounts file too.",
            )
        return link.segment_accounts(
            link.locate_accounts(frame, DERIVED_FILE, dict.fromkeys(ACCOUNTS.names))[0]
        ), [line]
    file, columns = given.raw.file, given.mapping.columns
    frame, problems = link.account_ids(given.frame, file, id_mapped=columns[Account.ID] is not None)
    frame, more = link.resolve_parents(frame, file, columns[Account.PARENT])
    problems += more
    frame, more = link.tidy_column(
        frame, Account.INDUSTRY, "accounts", file, columns[Account.INDUSTRY], labels.INDUSTRIES
    )
    problems += more
    frame, more = link.tidy_column(frame, Account.REGION, "accounts", file, columns[Account.REGION])
    problems += more
    frame, more = link.locate_accounts(frame, file, columns)
    problems += more
    return link.segment_accounts(frame), problems


def _opportunities(
    opps: TypedTable, accounts: pd.DataFrame, *, accounts_given: bool
) -> tuple[pd.DataFrame, list[Problem]]:
    file, columns = opps.raw.file, opps.mapping.columns
    frame = opps.frame
    problems: list[Problem] = []
    for column in (Opportunity.PRODUCT, Opportunity.STAGE, Opportunity.LOST_AT_STAGE):
        frame, more = link.tidy_column(frame, column, "opportunities", file, columns[column])
        problems += more
    frame, more = link.link_opportunities(frame, accounts, file, accounts_given)
    problems += more
    frame, more = link.outcomes(frame, file, columns[Opportunity.STAGE])
    problems += more
    missing_id = frame[Opportunity.ID].isna()
    if missing_id.any():
        generated = pd.Series([f"row-{r}" for r in frame.index], index=frame.index, dtype="string")
        frame = frame.assign(**{Opportunity.ID: frame[Opportunity.ID].fillna(generated)})
        problems.append(
            Problem(
                "opportunities",
                file,
                "no opportunity id; 'row-<row number>' is used",
                "kept",
                columns[Opportunity.ID],
                tuple(int(r) for r in missing_id[missing_id].index[:1000]),
                int(missing_id.sum()),
                INFO,
            )
        )
    return frame, problems


def _owners(
    typed: dict[str, TypedTable], accounts: pd.DataFrame, opportunities: pd.DataFrame
) -> tuple[tuple[pd.DataFrame, pd.DataFrame], list[Problem]]:
    """Owner names spelled one way in both tables (the reps file's way when there is one)."""
    files = {
        name: (typed[name].raw.file, typed[name].mapping.columns[Account.OWNER])
        for name in ("accounts", "opportunities")
        if name in typed
    }
    reps = typed.get("reps")
    frames, problems = link.unify_owners(
        {"accounts": accounts, "opportunities": opportunities},
        files,
        None if reps is None else reps.frame[Rep.NAME],
    )
    return (frames["accounts"], frames["opportunities"]), problems


def _reps(given: TypedTable | None, accounts: pd.DataFrame, opportunities: pd.DataFrame):
    owners = pd.concat([opportunities[Opportunity.OWNER], accounts[Account.OWNER]], ignore_index=True)
    if given is None:
        frame, line = link.reps_from_owners(owners)
        return frame, [line]
    frame, problems = given.frame, []
    for column in (Rep.REGION, Rep.MANAGER):  # a team is its manager: 'max boss' and 'Max Boss' are one
        frame, more = link.tidy_column(frame, column, "reps", given.raw.file, given.mapping.columns[column])
        problems += more
    return frame, problems + link.owners_without_rep(owners, frame, given.raw.file)


def _table_report(name: str, typed: TypedTable | None, frame: pd.DataFrame) -> TableReport:
    if typed is None:
        derived = len(frame) > 0 or name != "opportunities"
        return TableReport(
            name, DERIVED_FILE if derived else NO_FILE, len(frame), len(frame), {}, derived=derived
        )
    raw = typed.raw
    return TableReport(
        table=name,
        file=raw.file,
        rows_read=typed.rows_read,
        rows_kept=len(frame),
        mapping=dict(typed.mapping.columns),
        columns_found=tuple(raw.frame.columns),
        ignored_columns=typed.mapping.ignored,
        encoding=raw.encoding,
        delimiter=raw.delimiter,
        sheet=raw.sheet,
    )
