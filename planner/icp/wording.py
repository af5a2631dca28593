"""Numbers and attributes written the way a sales leader reads them ("$62k", "1,000-4,999 employees")."""

from __future__ import annotations

from planner.formatting import money
from planner.schema import TABLES, UNKNOWN, Account, Opportunity

_EXTRA_LABELS = {Account.SIZE_BAND: "Size band", Opportunity.CYCLE_DAYS: "Cycle (days)"}
_MONEY_COLUMNS = frozenset({Account.REVENUE, Opportunity.AMOUNT})


def attribute_label(column: str) -> str:
    """The human label of a canonical column (from the schema), else the name made readable."""
    if column in _EXTRA_LABELS:
        return _EXTRA_LABELS[column]
    for table in TABLES.values():
        for spec in table.columns:
            if spec.name == column and spec.label:
                return spec.label
    return column.replace("_", " ").capitalize()


def number(column: str, value: float) -> str:
    """A value of a numeric attribute in its own unit."""
    return money(value) if column in _MONEY_COLUMNS else f"{value:,.0f}"


def values_phrase(column: str, values: tuple[str, ...]) -> str:
    """'Healthcare or Finance', '1,000-4,999 employees', 'Unknown region'."""
    if values == (UNKNOWN,):
        return f"{UNKNOWN} {attribute_label(column).lower()}"
    text = " or ".join(values)
    if column == Account.SIZE_BAND and all(v[:1].isdigit() for v in values):
        return f"{text} employees"
    return text


def range_phrase(column: str, low: float, high: float) -> str:
    """'500-2,000 employees', 'deals $40k-$90k', 'cycle 20-45 days'."""
    span = f"{number(column, low)}-{number(column, high)}"
    if column == Opportunity.AMOUNT:
        return f"deals {span}"
    if column == Account.REVENUE:
        return f"revenue {span}"
    if column == Opportunity.CYCLE_DAYS:
        return f"cycle {span} days"
    if column == Account.EMPLOYEES:
        return f"{span} employees"
    return f"{attribute_label(column).lower()} {span}"
