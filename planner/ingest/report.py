"""What ingest did to a user's files, so nothing is changed or lost without a line saying so.

A ``Problem`` groups every row that shares one reason (``12 rows: duplicate
opportunity id``) instead of one line per row: a RevOps analyst fixing an export
wants the reason and where to look, not 1,400 identical lines. Row numbers are
the ones the user sees in Excel (the header is row 1).
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

# How bad a problem is: ``warning`` means rows were skipped or values blanked;
# ``info`` means we changed or derived something the user should know about.
WARNING = "warning"
INFO = "info"

# What happened to the rows a problem names.
SKIPPED = "skipped"
KEPT = "kept"
CHANGED = "changed"
DERIVED = "derived"

# The "file" of a table built from the other files, and of a table with no file at all.
DERIVED_FILE = "derived"
NO_FILE = "no file"

# Example rows kept per problem; ``count`` is always the exact total.
MAX_EXAMPLE_ROWS = 1000


@dataclass(frozen=True)
class Problem:
    """Rows of one table that share one reason, and what ingest did with them."""

    table: str
    file: str
    reason: str
    action: str
    column: str | None = None
    rows: tuple[int, ...] = ()
    count: int = 0
    level: str = WARNING

    @property
    def row(self) -> int | None:
        """The first row concerned (Excel numbering), if the problem is about rows."""
        return self.rows[0] if self.rows else None

    def message(self) -> str:
        """One line a person can act on: where, what, and what we did."""
        where = f"{self.table} ({self.file})"
        if self.column:
            where += f", column '{self.column}'"
        if self.count:
            noun = "row" if self.count == 1 else "rows"
            shown = ", ".join(str(r) for r in self.rows[:8])
            more = ", ..." if self.count > 8 else ""
            rows = (
                f": {self.count:,} {noun} ({noun} {shown}{more})" if self.rows else f": {self.count:,} {noun}"
            )
        else:
            rows = ""
        return f"{where}{rows}: {self.reason} [{self.action}]"


def row_problem(
    table: str,
    file: str,
    rows: Sequence[int] | pd.Index | pd.Series,
    reason: str,
    action: str,
    *,
    column: str | None = None,
    level: str = WARNING,
) -> Problem:
    """A problem about the given rows (Excel numbers), keeping at most ``MAX_EXAMPLE_ROWS`` examples."""
    numbers = [int(r) for r in list(rows)[:MAX_EXAMPLE_ROWS]]
    return Problem(table, file, reason, action, column, tuple(numbers), len(rows), level)


def note(table: str, file: str, reason: str, action: str = DERIVED, *, column: str | None = None) -> Problem:
    """An informational line that is not about particular rows (a derived table, a chosen date format)."""
    return Problem(table, file, reason, action, column, (), 0, INFO)


@dataclass(frozen=True)
class TableReport:
    """How one table was read: the file, its format, the column mapping used and the row counts."""

    table: str
    file: str
    rows_read: int
    rows_kept: int
    mapping: dict[str, str | None]
    columns_found: tuple[str, ...] = ()
    ignored_columns: tuple[str, ...] = ()
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    derived: bool = False

    @property
    def rows_skipped(self) -> int:
        return self.rows_read - self.rows_kept

    @property
    def format_label(self) -> str:
        """How the file was read, e.g. ``Windows-1252 (Western European), semicolon-separated`` or
        ``sheet Accounts``."""
        parts = (
            encoding_label(self.encoding),
            _delimiter_label(self.delimiter),
            self.sheet and f"sheet {self.sheet}",
        )
        return ", ".join(part for part in parts if part)


@dataclass(frozen=True)
class IngestReport:
    """Everything ingest has to tell the user: per-table reports and the grouped problems.

    ``usable`` is always True on a report you can hold: data that cannot be used raises
    ``InputError`` instead. It is kept so the JSON form says so explicitly.
    """

    tables: dict[str, TableReport] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    usable: bool = True

    def mapping(self, table: str) -> dict[str, str | None]:
        """Canonical column -> source column used for ``table`` (empty when the table is absent)."""
        return dict(self.tables[table].mapping) if table in self.tables else {}

    def problems_for(self, table: str) -> list[Problem]:
        return [p for p in self.problems if p.table == table]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == WARNING]

    def problems_frame(self) -> pd.DataFrame:
        """The problems as a table for screens and CSV downloads (one row per problem)."""
        columns = ["level", "table", "file", "column", "rows", "reason", "action", "example_rows"]
        records = [
            {
                "level": p.level,
                "table": p.table,
                "file": p.file,
                "column": p.column or "",
                "rows": p.count or None,  # notes about a whole table name no rows
                "reason": p.reason,
                "action": p.action,
                "example_rows": _examples(p),
            }
            for p in self.problems
        ]
        return pd.DataFrame.from_records(records, columns=columns).astype({"rows": "Int64"})

    def summary_lines(self) -> list[str]:
        """A short human summary: one line per table, then one per problem."""
        lines = []
        for name, table in self.tables.items():
            source = "built from the other files" if table.derived else table.file
            fmt = table.format_label
            lines.append(
                f"{name}: {table.rows_kept:,} rows kept of {table.rows_read:,} read"
                f" ({source}{'; ' + fmt if fmt else ''})"
            )
        return lines

    def mapping_lines(self) -> list[str]:
        """``table: canonical <- source`` lines for every mapped column."""
        lines = []
        for name, table in self.tables.items():
            pairs = [f"{canonical} <- '{source}'" for canonical, source in table.mapping.items() if source]
            lines.append(
                f"{name}: "
                + (", ".join(pairs) if pairs else f"({'derived' if table.derived else 'no file'})")
            )
            if table.ignored_columns:
                lines.append(f"  not used: {', '.join(table.ignored_columns)}")
        return lines


# Text encodings as a person knows them (Excel's "Save as" names), by Python's canonical codec name.
_ENCODINGS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "utf-16": "UTF-16 (Unicode text)",
    "ascii": "ASCII",
    "cp1252": "Windows-1252 (Western European)",
    "iso8859-1": "Latin-1 (ISO-8859-1)",
    "iso8859-15": "Latin-9 (ISO-8859-15)",
    "cp1250": "Windows-1250 (Central European)",
    "iso8859-2": "Latin-2 (Central European)",
    "cp1251": "Windows-1251 (Cyrillic)",
    "koi8-r": "KOI8-R (Cyrillic)",
    "cp1253": "Windows-1253 (Greek)",
    "cp1254": "Windows-1254 (Turkish)",
    "cp1255": "Windows-1255 (Hebrew)",
    "cp1256": "Windows-1256 (Arabic)",
    "cp1257": "Windows-1257 (Baltic)",
    "cp1258": "Windows-1258 (Vietnamese)",
    "cp874": "Windows-874 (Thai)",
    "mac-roman": "Mac Roman",
    "shift_jis": "Shift JIS (Japanese)",
    "cp932": "Shift JIS (Japanese, Windows)",
    "euc_jp": "EUC-JP (Japanese)",
    "gb2312": "GB2312 (Simplified Chinese)",
    "gbk": "GBK (Simplified Chinese)",
    "gb18030": "GB18030 (Chinese)",
    "big5": "Big5 (Traditional Chinese)",
    "euc_kr": "EUC-KR (Korean)",
    "cp949": "Windows-949 (Korean)",
}


def encoding_label(encoding: str | None) -> str | None:
    """``utf-8-sig`` -> ``UTF-8 with BOM``: the codec name is Python's, not the user's."""
    if not encoding:
        return None
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return encoding
    return _ENCODINGS.get(name, name.upper())


def _delimiter_label(delimiter: str | None) -> str | None:
    names = {",": "comma-separated", ";": "semicolon-separated", "\t": "tab-separated", "|": "pipe-separated"}
    return names.get(delimiter or "")


def _examples(problem: Problem) -> str:
    """Its first 20 row numbers, "..." when it has more; empty when it names none (a label merge)."""
    shown = problem.rows[:20]
    more = ", ..." if shown and problem.count > len(shown) else ""
    return ", ".join(str(row) for row in shown) + more
