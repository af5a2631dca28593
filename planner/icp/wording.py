"""Numbers and attributes written the way a sales leader reads them ("$62k", "1,000-4,999 employees")."""

from __future__ import annotations

import math

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


def money(value: float | None) -> str:
    """$950, $62k, $1.2M."""
    if value is None or not math.isfinite(value):
        return "n/a"
    size = abs(value)
    if size >= 1e9:
        return f"${value / 1e9:.1f}B"
    if size >= 1e6:
        return f"${value / 1e6:.1f}M"
    if size >= 1e4:
        return f"${value / 1e3:.0f}k"
    if size >= 1e3:
        return f"${value / 1e3:.1f}k"
    return f"${value:,.0f}"


def percent(value: float | None) -> str:
    return "n/a" if value is None or not math.isfinite(value) else f"{value:.0%}"


def interval(low: float | None, high: float | None) -> str:
    """'40-52%'."""
    if low is None or high is None or not (math.isfinite(low) and math.isfinite(high)):
        return "n/a"
    return f"{low * 100:.0f}-{high:.0%}"


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
    """'employees 500-2,000', 'deals $40k-$90k', 'cycle 20-45 days'."""
    span = f"{number(column, low)}-{number(column, high)}"
    if column == Opportunity.AMOUNT:
        return f"deals {span}"
    if column == Account.REVENUE:
        return f"revenue {span}"
    if column == Opportunity.CYCLE_DAYS:
        return f"cycle {span} days"
    return f"{attribute_label(column).lower()} {span}"
