"""``TerritoryProblem``: accounts and reps turned into the arrays the optimiser works on.

Everything the solvers need is resolved here once (owner index, locks,
eligibility, potential, workload, locations), so the solvers never look at a
column name and every assumption made on the way is written into ``notes``
for the plan to show.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

import numpy as np
import pandas as pd

from planner import geo
from planner.errors import InputError
from planner.schema import OPEN, Account, Opportunity, Rep, Score

# Relative effort of one account per tier: an A account takes about four times the time of a D.
TIER_WORKLOAD: Final[dict[str, float]] = {"A": 4.0, "B": 2.5, "C": 1.5, "D": 1.0}
DEFAULT_WORKLOAD: Final = 1.0
_TRUE_WORDS: Final = {"true", "yes", "y", "1", "locked", "x"}


@dataclass(frozen=True, eq=False)
class TerritoryProblem:
    """One assignment instance: ``n`` accounts, ``k`` reps, all as aligned numpy arrays."""

    accounts: pd.DataFrame  # the input rows (index 0..n-1), kept for the plan table
    rep_names: tuple[str, ...]
    account_ids: np.ndarray  # str
    account_names: np.ndarray  # str
    potential: np.ndarray  # float >= 0
    workload: np.ndarray  # float > 0
    tier: np.ndarray  # str, "" when unscored
    owner: np.ndarray  # int rep index, -1 when unowned or the owner is not on the team
    owner_label: np.ndarray  # str, the owner as written in the file ("" when none)
    locked: np.ndarray  # bool: must stay with ``owner``
    eligible: np.ndarray | None  # (n, k) bool; None means every rep may take every account
    lat: np.ndarray
    lon: np.ndarray
    region: np.ndarray  # str, "" when unknown
    state: np.ndarray  # str, "" when unknown
    rep_lat: np.ndarray
    rep_lon: np.ndarray
    rep_region: np.ndarray  # str
    capacity: np.ndarray  # max accounts per rep (inf = no limit)
    max_workload: np.ndarray  # max workload per rep (inf = no limit)
    notes: tuple[str, ...] = field(default_factory=tuple)
    # Per rep, the eligibility rules in words ("regions West, Southwest"), "" when unrestricted.
    coverage: tuple[str, ...] = field(default_factory=tuple)

    @property
    def n(self) -> int:
        return len(self.account_ids)

    @property
    def k(self) -> int:
        return len(self.rep_names)

    def allowed(self) -> np.ndarray:
        """(n, k) mask of the arcs a solver may use: eligibility, and locked accounts only to their owner."""
        mask = np.ones((self.n, self.k), dtype=bool) if self.eligible is None else self.eligible.copy()
        rows = np.flatnonzero(self.locked)
        mask[rows] = False
        mask[rows, self.owner[rows]] = True
        return mask


def build_problem(
    accounts: pd.DataFrame,
    reps: pd.DataFrame,
    opportunities: pd.DataFrame | None = None,
    *,
    lock_open_opportunities: bool = True,
    tier_workload: Mapping[str, float] = TIER_WORKLOAD,
    state_weights: Mapping[str, float] | None = None,
) -> TerritoryProblem:
    """Resolve the canonical accounts/reps (and optional opportunities) into a ``TerritoryProblem``.

    Accounts with open opportunities are locked to their owner (moving a deal in flight
    costs the customer relationship); ``state_weights`` scales workload where travel is harder.
    """
    notes: list[str] = []
    rep_names = _rep_names(reps)
    accounts = accounts.reset_index(drop=True)
    if accounts.empty:
        raise InputError("there are no accounts to assign.", file="accounts", hint="Load an accounts file.")
    n = len(accounts)
    ids = _text(accounts, Account.ID)
    names = _text(accounts, Account.NAME)
    ids = np.where(ids == "", np.char.add("row-", np.arange(1, n + 1).astype(str)), ids)

    potential = _potential(accounts, notes)
    tier = _text(accounts, Score.TIER)
    workload = _workload(accounts, tier, tier_workload, state_weights, notes)
    owner_label = _text(accounts, Account.OWNER)
    owner = _owner_index(owner_label, rep_names, notes)
    locked = _locks(accounts, ids, owner, opportunities, lock_open_opportunities, notes)

    region = _text(accounts, Account.REGION)
    state = _text(accounts, Account.STATE)
    lat, lon = _account_location(accounts)
    home_state = _home_states(reps, rep_names, notes)
    rep_region = _rep_regions(reps, home_state)
    rep_lat, rep_lon = _rep_home(reps, rep_region, home_state, owner, lat, lon, potential)
    eligible = _eligibility(reps, rep_names, accounts, region, state, owner, locked, notes)
    coverage = _coverage(reps) if eligible is not None else ()

    capacity = _limit(reps, rep_names, Rep.CAPACITY, "max accounts", notes)
    max_workload = _limit(reps, rep_names, Rep.MAX_WORKLOAD, "max workload", notes)
    if np.isfinite(max_workload).any():
        a, d = (tier_workload.get(t, DEFAULT_WORKLOAD) for t in ("A", "D"))
        notes.append(
            f"Max workload is in workload units (an A account counts {a:g}, a D account {d:g}); "
            f"the mean rep carries {workload.sum() / len(rep_names):,.1f}."
        )
    return TerritoryProblem(
        accounts=accounts,
        rep_names=rep_names,
        account_ids=ids,
        account_names=names,
        potential=potential,
        workload=workload,
        tier=tier,
        owner=owner,
        owner_label=owner_label,
        locked=locked,
        eligible=eligible,
        lat=lat,
        lon=lon,
        region=region,
        state=state,
        rep_lat=rep_lat,
        rep_lon=rep_lon,
        rep_region=rep_region,
        capacity=capacity,
        max_workload=max_workload,
        notes=tuple(notes),
        coverage=coverage,
    )


def _text(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A column as stripped str values, "" where missing or absent."""
    if column not in frame.columns:
        return np.full(len(frame), "", dtype=object)
    return frame[column].astype("string").str.strip().fillna("").to_numpy(dtype=object)


def _number(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame.columns:
        return np.full(len(frame), np.nan)
    # A copy: under copy-on-write ``to_numpy`` may hand back a read-only view, and callers fill gaps in place.
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float, copy=True)


def _rep_names(reps: pd.DataFrame) -> tuple[str, ...]:
    if reps is None or reps.empty or Rep.NAME not in reps.columns:
        raise InputError(
            "there are no reps to assign accounts to.",
            hint="Load a reps file with one row per rep (a 'Rep' column), or accounts and deals with owners.",
        )
    names = _text(reps, Rep.NAME)
    for row, name in enumerate(names, start=1):
        if not name:
            raise InputError("a rep has no name.", file="reps", row=row, column=Rep.NAME, hint="Fill it in.")
    seen: dict[str, int] = {}
    for row, name in enumerate(names, start=1):
        if name in seen:
            raise InputError(
                f"rep '{name}' appears twice (rows {seen[name]} and {row}).",
                file="reps",
                row=row,
                column=Rep.NAME,
                hint="Keep one row per rep.",
            )
        seen[name] = row
    return tuple(str(x) for x in names)


def _potential(accounts: pd.DataFrame, notes: list[str]) -> np.ndarray:
    """Scored potential; else current spend; else revenue; else one unit per account (said in notes)."""
    for column, what in (
        (Score.POTENTIAL, None),
        (Account.SPEND, "current spend"),
        (Account.REVENUE, "revenue"),
    ):
        values = _number(accounts, column)
        if np.isfinite(values).any():
            if what:
                notes.append(
                    f"No scored potential: balanced on {what} instead (potential is learned from won deals; "
                    "add an opportunities file to use it)."
                )
            bad = np.flatnonzero(values < 0)
            if bad.size:
                raise InputError(
                    f"potential cannot be negative ({values[bad[0]]:g}).",
                    file="accounts",
                    row=int(bad[0]) + 1,
                    column=column,
                    hint="Fix or remove the value.",
                )
            missing = int((~np.isfinite(values)).sum())
            if missing:
                notes.append(f"{missing:,} accounts have no {what or 'potential'}; counted as 0.")
            return np.nan_to_num(values, nan=0.0, posinf=0.0)
    notes.append("No potential, spend or revenue column: every account counts as one unit of potential.")
    return np.ones(len(accounts))


def _workload(
    accounts: pd.DataFrame,
    tier: np.ndarray,
    tier_workload: Mapping[str, float],
    state_weights: Mapping[str, float] | None,
    notes: list[str],
) -> np.ndarray:
    """Given workload, else by tier (A heavier than D), times an optional per-state weight."""
    given = _number(accounts, Score.WORKLOAD)
    by_tier = np.array([tier_workload.get(str(t), DEFAULT_WORKLOAD) for t in tier], dtype=float)
    if not np.isfinite(given).any() and not (tier != "").any():
        notes.append("No tiers or workload: every account counts as one unit of workload.")
    workload = np.where(np.isfinite(given) & (given > 0), given, by_tier)
    if state_weights:
        states = _text(accounts, Account.STATE)
        workload = workload * np.array([float(state_weights.get(str(s), 1.0)) for s in states])
    return workload


def _owner_index(owner_label: np.ndarray, rep_names: tuple[str, ...], notes: list[str]) -> np.ndarray:
    """Rep index of each account's owner, matching names case- and space-insensitively."""
    lookup = {" ".join(name.lower().split()): i for i, name in enumerate(rep_names)}
    keys = [" ".join(str(o).lower().split()) for o in owner_label]
    owner = np.array([lookup.get(key, -1) if key else -1 for key in keys], dtype=int)
    outsiders = sorted({str(o) for o, i in zip(owner_label, owner, strict=True) if o and i < 0})
    unowned = int(((owner_label == "") | (owner < 0)).sum())
    if outsiders:
        shown = ", ".join(outsiders[:5]) + (" ..." if len(outsiders) > 5 else "")
        notes.append(
            f"{len(outsiders)} owners are not on the reps list ({shown}); their accounts are treated as "
            "unassigned."
        )
    if unowned:
        notes.append(f"{unowned:,} accounts have no owner on the team and will be assigned.")
    return owner


def _locks(
    accounts: pd.DataFrame,
    ids: np.ndarray,
    owner: np.ndarray,
    opportunities: pd.DataFrame | None,
    lock_open: bool,
    notes: list[str],
) -> np.ndarray:
    """Locked = flagged in the file or (optionally) has an open opportunity; needs an owner on the team."""
    flagged = np.array([str(v).strip().lower() in _TRUE_WORDS for v in _text(accounts, Account.LOCKED)])
    open_deal = np.zeros(len(ids), dtype=bool)
    if lock_open and opportunities is not None and not opportunities.empty:
        opps = opportunities
        if Opportunity.OUTCOME in opps.columns and Opportunity.ACCOUNT_ID in opps.columns:
            open_ids = set(
                opps.loc[opps[Opportunity.OUTCOME] == OPEN, Opportunity.ACCOUNT_ID].dropna().astype(str)
            )
            open_deal = np.array([str(i) in open_ids for i in ids])
    wanted = flagged | open_deal
    orphan = int((wanted & (owner < 0)).sum())
    if orphan:
        notes.append(
            f"{orphan:,} accounts marked to stay put have no owner on the team, so they are not locked."
        )
    locked = wanted & (owner >= 0)
    if open_deal.any():
        notes.append(
            f"{int((open_deal & locked).sum()):,} accounts with open opportunities stay with their owner."
        )
    return locked


def _account_location(accounts: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Lat/lon where given, else the state or country centroid, else NaN."""
    lat = _number(accounts, Account.LAT)
    lon = _number(accounts, Account.LON)
    missing = np.flatnonzero(~(np.isfinite(lat) & np.isfinite(lon)))
    if missing.size:
        country = _text(accounts, Account.COUNTRY)
        state = _text(accounts, Account.STATE)
        for i in missing:
            point = geo.centroid(geo.normalise_country(country[i]), geo.normalise_state(state[i]))
            if point is not None:
                lat[i], lon[i] = point
    return lat, lon


def _region_centroid(region: str) -> tuple[float, float] | None:
    """Centre of a named sales region (mean of its states or countries)."""
    points = [(la, lo) for _, reg, la, lo in geo.US_STATES.values() if reg == region]
    points += [(la, lo) for reg, la, lo in geo.COUNTRIES.values() if reg == region]
    if not points:
        return None
    return float(np.mean([p[0] for p in points])), float(np.mean([p[1] for p in points]))


def _home_states(reps: pd.DataFrame, rep_names: tuple[str, ...], notes: list[str]) -> np.ndarray:
    """Each rep's home state as a two-letter code ("" when not given); unknown names are noted."""
    given = _text(reps, Rep.HOME_STATE)
    codes = np.array([geo.normalise_state(v) or "" for v in given], dtype=object)
    unrecognised = np.flatnonzero((given != "") & (codes == ""))
    unknown = [f"{rep_names[r]} (reps row {r + 1}): '{given[r]}'" for r in unrecognised]
    if unknown:
        notes.append(
            f"Home state not recognised for {_listed(unknown)}; their home comes from their book or region. "
            "Use a US state name or two-letter code."
        )
    return codes


def _rep_regions(reps: pd.DataFrame, home_state: np.ndarray) -> np.ndarray:
    """The rep's home region as given, else the region of their home state."""
    region = _text(reps, Rep.REGION)
    derived = np.array([geo.region_for(None, s) or "" if s else "" for s in home_state], dtype=object)
    return np.where(region == "", derived, region)


def _rep_home(
    reps: pd.DataFrame,
    rep_region: np.ndarray,
    home_state: np.ndarray,
    owner: np.ndarray,
    lat: np.ndarray,
    lon: np.ndarray,
    potential: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """A rep's home: given coordinates, else their home state's centre, else the centre of their current
    book, else their region's centre.

    The centre of the current book is where the rep already travels, which is the
    best guess of "home" a CRM export usually allows when it names no home.
    """
    rep_lat = _number(reps, Rep.HOME_LAT)
    rep_lon = _number(reps, Rep.HOME_LON)
    located = np.isfinite(lat) & np.isfinite(lon)
    for r in range(len(rep_lat)):
        if np.isfinite(rep_lat[r]) and np.isfinite(rep_lon[r]):
            continue
        point = geo.centroid(None, str(home_state[r])) if home_state[r] else None
        book = (owner == r) & located
        if point is None and book.any():
            weight = potential[book] + 1e-9
            point = float(np.average(lat[book], weights=weight)), float(np.average(lon[book], weights=weight))
        if point is None:
            point = _region_centroid(str(rep_region[r]))
        if point is not None:
            rep_lat[r], rep_lon[r] = point
    return rep_lat, rep_lon


def _listed(items: list[str], limit: int = 5) -> str:
    """ "a, b, c and 4 more": a list short enough for one line of a note."""
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _split_list(raw: str, known: set[str]) -> set[str]:
    """Lower-cased values of one eligibility cell, separated by ";", "|" or ",".

    A part between ";" or "|" that is itself a known value is kept whole, so a
    label with a comma in it ("Food, Beverage") is not cut in two.
    """
    out: set[str] = set()
    for part in re.split(r"[;|]", raw.lower()):
        part = part.strip()
        if part in known:
            out.add(part)
        else:
            out.update(p.strip() for p in part.split(",") if p.strip())
    return out


def _coded(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct lower-cased labels and each account's index among them.

    Matching a rep's list against a handful of labels, then gathering by index, is what keeps
    eligibility at 100,000 accounts x 100 reps in milliseconds instead of a string search per rep.
    """
    codes, uniques = pd.factorize(pd.Series(values, dtype="string").str.lower())
    return np.asarray(uniques, dtype=object), codes


def _examples(labels: np.ndarray, limit: int = 8) -> str:
    """ "Midwest, Northeast, West": the labels a user can copy into an eligibility cell."""
    shown = sorted({str(label) for label in labels if label})
    return ", ".join(shown[:limit]) + (" ..." if len(shown) > limit else "") or "none"


def _region_token(token: str) -> str:
    """A state name becomes its code and a country spelling its canonical name, so "Texas" matches TX."""
    return (geo.normalise_state(token) or geo.normalise_country(token) or token).lower()


def _eligibility(
    reps: pd.DataFrame,
    rep_names: tuple[str, ...],
    accounts: pd.DataFrame,
    region: np.ndarray,
    state: np.ndarray,
    owner: np.ndarray,
    locked: np.ndarray,
    notes: list[str],
) -> np.ndarray | None:
    """(n, k) mask from the reps' optional region/industry lists; None when nobody is restricted.

    A region value may be a sales region, a state (code or name) or a country. An account whose
    region or industry is unknown may go to anyone. A value no account carries is noted (a typo
    would otherwise shrink the rep's territory in silence); a list of which no value matches any
    account is an error, since that rep could take no account at all.
    """
    lists = {column: _text(reps, column) for column in (Rep.ELIGIBLE_REGIONS, Rep.ELIGIBLE_INDUSTRIES)}
    if not any((cells != "").any() for cells in lists.values()):
        return None
    industry = _text(accounts, Account.INDUSTRY)
    places = [_coded(values) for values in (region, state, _text(accounts, Account.COUNTRY))]
    # (column, what, label codes, how a listed value is read, labels to suggest, what else a value may name)
    rules = (
        (Rep.ELIGIBLE_REGIONS, "regions", places, _region_token, region, ", or a state or country"),
        (Rep.ELIGIBLE_INDUSTRIES, "industries", [_coded(industry)], str.lower, industry, ""),
    )
    by_rep = np.ones((len(reps), len(accounts)), dtype=bool)  # rep-major: one contiguous row per rep
    for column, what, keys, normalise, labels, also in rules:
        known = set().union(*(set(uniques) for uniques, _ in keys)) - {""}
        first_uniques, first_codes = keys[0]
        unknown_label = (first_uniques == "")[first_codes]  # no region (or industry): anyone may take it
        unknown_values: list[str] = []
        for r, raw in enumerate(lists[column]):
            tokens = {normalise(t) for t in _split_list(str(raw), known)}
            if not tokens:
                continue
            unmatched = sorted(tokens - known)
            if unmatched and len(unmatched) == len(tokens):
                raise InputError(
                    f"eligible {what} of rep '{rep_names[r]}' ({raw}) match no account, so the rep could "
                    "take none.",
                    file="reps",
                    row=r + 1,
                    column=column,
                    hint=f"Use values the accounts carry ({_examples(labels)}{also}); separate several "
                    "with ';', ',' or '|', or leave the cell empty for 'any'.",
                )
            unknown_values += [f"'{v}' ({rep_names[r]}, reps row {r + 1})" for v in unmatched]
            allowed = unknown_label.copy()
            for uniques, codes in keys:
                allowed |= np.isin(uniques, list(tokens))[codes]
            by_rep[r] &= allowed
        if unknown_values:
            notes.append(
                f"Eligible {what}: no account has {_listed(unknown_values)}; those values are ignored."
            )
    mask = np.ascontiguousarray(by_rep.T)
    stranded = np.flatnonzero(~mask.any(axis=1))
    if stranded.size:
        mask[stranded] = True
        names = [str(name) for name in _text(accounts, Account.NAME)[stranded]]
        notes.append(
            f"{stranded.size} accounts match no rep's eligibility rules ({_listed(names, 3)}); "
            "any rep may take them."
        )
    overruled = np.flatnonzero(locked & ~mask[np.arange(len(owner)), np.maximum(owner, 0)])
    if overruled.size:
        notes.append(
            f"{overruled.size:,} locked accounts stay with an owner outside their eligibility rules."
        )
    return mask


def _coverage(reps: pd.DataFrame) -> tuple[str, ...]:
    """Each rep's eligibility lists as a reason quotes them: "regions West, Southwest; industries Retail"."""
    out = []
    for regions, industries in zip(
        _text(reps, Rep.ELIGIBLE_REGIONS), _text(reps, Rep.ELIGIBLE_INDUSTRIES), strict=True
    ):
        parts = [
            f"{what} {', '.join(p.strip() for p in re.split(r'[;|,]', str(cell)) if p.strip())}"
            for what, cell in (("regions", regions), ("industries", industries))
            if cell
        ]
        out.append("; ".join(parts))
    return tuple(out)


def _limit(
    reps: pd.DataFrame, rep_names: tuple[str, ...], column: str, what: str, notes: list[str]
) -> np.ndarray:
    """A per-rep limit; blank means no limit, 0 is read as "not set" (and said), negative is an error."""
    values = _number(reps, column)
    negative = np.flatnonzero(values < 0)
    if negative.size:
        r = int(negative[0])
        raise InputError(
            f"{what} of rep '{rep_names[r]}' is negative ({values[r]:g}).",
            file="reps",
            row=r + 1,
            column=column,
            hint="Give a positive limit, or leave the cell empty for no limit.",
        )
    zero = [rep_names[r] for r in np.flatnonzero(values == 0)]
    if zero:
        notes.append(f"{what.capitalize()} of 0 for {_listed(zero)} read as no limit.")
    return np.where(np.isfinite(values) & (values > 0), values, np.inf)
