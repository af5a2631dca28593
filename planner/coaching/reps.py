"""Finding the rep a manager means: case-insensitive, with close names suggested when unknown."""

from __future__ import annotations

import difflib

import pandas as pd

from planner.coaching.deals import rep_key
from planner.errors import InputError
from planner.schema import Opportunity, Rep


def rep_names(reps: pd.DataFrame, opportunities: pd.DataFrame) -> list[str]:
    """The reps to coach: the reps table, or (when it is empty) the opportunity owners."""
    names = reps[Rep.NAME].dropna() if len(reps) else opportunities[Opportunity.OWNER].dropna()
    seen: dict[str, str] = {}
    for name in names.astype(str):
        seen.setdefault(rep_key(name), " ".join(name.split()))
    return sorted(seen.values(), key=str.casefold)


def resolve_rep(names: list[str], query: str) -> str:
    """The spelling of ``query`` among ``names``; an ``InputError`` listing close names when absent."""
    by_key = {rep_key(n): n for n in names}
    found = by_key.get(rep_key(query))
    if found is not None:
        return found
    close = difflib.get_close_matches(rep_key(query), list(by_key), n=5, cutoff=0.5)
    close += [k for k in by_key if rep_key(query) in k and k not in close]
    suggestion = ", ".join(by_key[k] for k in close[:5])
    raise InputError(
        f"no rep named '{query}'.",
        column=Rep.NAME,
        hint=f"Did you mean: {suggestion}?" if suggestion else f"Known reps: {', '.join(names[:10])}.",
    )


def _rep_value(reps: pd.DataFrame, rep: str, column: str) -> object:
    """The rep's first non-missing value of ``column`` in the reps table, or ``None``."""
    if not len(reps):
        return None
    match = reps[reps[Rep.NAME].astype("string").map(rep_key, na_action="ignore") == rep_key(rep)]
    values = match[column].dropna()
    return values.iloc[0] if len(values) else None


def quotas_by_rep(reps: pd.DataFrame) -> dict[str, float]:
    """Annual quota per rep key (reps without a positive quota are left out)."""
    if not len(reps):
        return {}
    quota = reps[Rep.QUOTA].astype("float64")
    keep = reps[Rep.NAME].notna() & (quota > 0)
    return {rep_key(n): float(q) for n, q in zip(reps.loc[keep, Rep.NAME], quota[keep], strict=True)}


# A rep is compared with their own manager's team only when it has at least this many other reps.
MIN_PEERS = 2


def peer_groups(reps: pd.DataFrame, names: list[str]) -> dict[str, tuple[str, list[str]]]:
    """For each rep with a manager: (manager, the other reps of that manager's team), when big enough."""
    by_manager: dict[str, list[str]] = {}
    managers = {name: manager_of(reps, name) for name in names}
    for name, manager in managers.items():
        if manager:
            by_manager.setdefault(rep_key(manager), []).append(name)
    groups = {}
    for name, manager in managers.items():
        mates = [n for n in by_manager.get(rep_key(manager), []) if n != name] if manager else []
        if len(mates) >= MIN_PEERS:
            groups[name] = (manager, mates)
    return groups


def manager_of(reps: pd.DataFrame, rep: str) -> str:
    """The rep's manager from the reps table ('' when unknown)."""
    value = _rep_value(reps, rep, Rep.MANAGER)
    return "" if value is None else str(value)


def annual_quota(reps: pd.DataFrame, rep: str) -> float | None:
    """The rep's annual quota, or ``None`` when the reps table has none (or a non-positive one)."""
    value = _rep_value(reps, rep, Rep.QUOTA)
    quota = float(value) if isinstance(value, int | float) else None
    return quota if quota is not None and quota > 0 else None
