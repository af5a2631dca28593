"""The one error type for bad input, carrying where it is and what to do.

The CLI prints it as one line and exits 2; the app shows the same words in
``st.error``. Anything else escaping ingest is a bug.
"""

from __future__ import annotations


class InputError(ValueError):
    """Input that cannot be used, located as precisely as we know."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.row = row
        self.column = column
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        text = f"{': '.join([', '.join(where)]) + ': ' if where else ''}{self.message}"
        if self.hint:
            text += f" {self.hint}"
        return text


# Said the same way by every step that learns from won and lost deals when the data has none (no
# opportunities file, or open pipeline only).
NO_CLOSED_DEALS = (
    "there are no won or lost deals, and win rates, deal sizes and profiles are learned from them."
)
NO_CLOSED_DEALS_HINT = (
    "Add an opportunities file with closed deals (stages such as 'Closed Won' / 'Closed Lost') on the Data "
    "page, or with --opportunities."
)
