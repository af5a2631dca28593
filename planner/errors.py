"""The one error type for bad input, carrying where it is and what to do.

The CLI prints it as one line and exits 2; the app shows the same words in
``st.error``, except the hint: a hint that names a command-line option (``--map``) has its app
wording in ``hint`` and its CLI wording in ``cli_hint``. Anything else escaping ingest is a bug.
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
        cli_hint: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.row = row
        self.column = column
        self.hint = hint
        self.cli_hint = cli_hint
        super().__init__(str(self))

    def __str__(self) -> str:
        """As the app says it."""
        return self._text(self.hint)

    def cli_text(self) -> str:
        """As the command line says it: the same, with the hint in command-line terms."""
        return self._text(self.cli_hint or self.hint)

    def _text(self, hint: str | None) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        text = f"{': '.join([', '.join(where)]) + ': ' if where else ''}{self.message}"
        if hint:
            text += f" {hint}"
        return text


def no_closed_deals() -> InputError:
    """Said the same way by every step that learns from won and lost deals when the data has none (no
    opportunities file, or open pipeline only)."""
    add = "Add an opportunities file with closed deals (stages such as 'Closed Won' / 'Closed Lost')"
    return InputError(
        "there are no won or lost deals, and win rates, deal sizes and profiles are learned from them.",
        hint=f"{add} on the Data page.",
        cli_hint=f"{add} with --opportunities.",
    )
