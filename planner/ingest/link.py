"""Tie the tables together: deals to accounts, owners to reps, accounts to places and segments.

Exports rarely agree with each other: Maven's pipeline names its accounts
instead of giving ids, HubSpot deals may carry only a company name, and an
opportunities file may arrive without any accounts file at all. Everything here
works on distinct values or joins, never row by row.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from planner import geo
from planner.formatting import count
from planner.ingest import labels, lookup
from planner.ingest.clean import per_distinct
from planner.ingest.report import (
    CHANGED,
    DERIVED,
    DERIVED_FILE,
    INFO,
    KEPT,
    SKIPPED,
    Problem,
    note,
    row_problem,
)
from planner.ingest.tables import empty_column
from planner.schema import (
    ACCOUNTS,
    LOST,
    OPEN,
    REPS,
    WON,
    Account,
    Opportunity,
    Rep,
    normalise_stage,
    segment_label,
    size_band,
)


def name_key(names: pd.Series) -> pd.Series:
    """Names compared as people read them: case, spacing and a trailing full stop do not matter."""
    return names.astype("string").str.lower().str.replace(r"[ \t.,]+", " ", regex=True).str.strip()


def _same_but_case(old: str, new: str) -> bool:
    """``retail`` / ``RETAIL`` / ``Retail``: one label written in another case or spacing."""
    return old.casefold().split() == new.casefold().split()


def changes_problems(
    table: str, file: str, column: str | None, changes: dict[str, str], before: pd.Series
) -> list[Problem]:
    """Report lines for labels rewritten in ``before`` (the column as it was): case and spacing variants
    merged into one spelling, with each variant's rows; then other spelling fixes."""
    counts = before[before.isin(list(changes))].value_counts()
    changes = {old: new for old, new in changes.items() if counts.get(old, 0)}  # owners: another table's
    merged = {old: new for old, new in changes.items() if _same_but_case(old, new)}
    fixed = {old: new for old, new in changes.items() if old not in merged}
    problems = []
    if merged:
        targets: dict[str, list[str]] = {}
        for old, new in merged.items():
            targets.setdefault(new, []).append(f"'{old}' ({count(int(counts.get(old, 0)), 'row')})")
        shown = "; ".join(
            f"{' and '.join(olds)} merged into '{new}'" for new, olds in list(targets.items())[:10]
        )
        more = f"; and {len(targets) - 10} more labels" if len(targets) > 10 else ""
        rows = int(counts.reindex(list(merged)).sum())
        reason = f"{shown}{more} (the same label in another case or spacing)"
        problems.append(Problem(table, file, reason, CHANGED, column, (), rows, INFO))
    if fixed:
        shown = "; ".join(f"'{old}' -> '{new}'" for old, new in list(fixed.items())[:10])
        more = f" and {len(fixed) - 10} more" if len(fixed) > 10 else ""
        rows = int(counts.reindex(list(fixed)).sum())
        problems.append(
            Problem(table, file, f"spelling made consistent: {shown}{more}", CHANGED, column, (), rows, INFO)
        )
    return problems


def tidy_column(frame: pd.DataFrame, column: str, table: str, file: str, source: str | None, vocabulary=()):
    """Apply ``labels.tidy`` to one column, returning the frame and the report lines (if anything changed)."""
    fixed, changes = labels.tidy(frame[column], vocabulary)
    if not changes:
        return frame, []
    problems = changes_problems(table, file, source, changes, frame[column])
    return frame.assign(**{column: fixed}), problems


def account_ids(accounts: pd.DataFrame, file: str, id_mapped: bool) -> tuple[pd.DataFrame, list[Problem]]:
    """Every account gets an id: the file's, else its name (Maven has none); later duplicates set aside."""
    problems: list[Problem] = []
    missing = accounts[Account.ID].isna()
    if missing.any():
        accounts = accounts.assign(**{Account.ID: accounts[Account.ID].fillna(accounts[Account.NAME])})
        if id_mapped:
            problems.append(
                row_problem(
                    "accounts",
                    file,
                    missing[missing].index,
                    "no account id; the account name is used as its id",
                    KEPT,
                )
            )
        else:
            problems.append(
                note("accounts", file, "the file has no account id column; account names serve as ids")
            )
    # Ids from the file were de-duplicated when the table was typed; names standing in for ids may repeat.
    repeated = lookup.duplicated(accounts[Account.ID]) if missing.any() else missing
    if repeated.any():
        example = accounts.loc[repeated, Account.ID].iloc[0]
        problems.append(
            row_problem(
                "accounts",
                file,
                repeated[repeated].index,
                f"duplicate account (e.g. '{example}' appears earlier); the first occurrence is used",
                SKIPPED,
            )
        )
        accounts = accounts.loc[~repeated]
    return accounts, problems


def resolve_parents(
    accounts: pd.DataFrame, file: str, source: str | None
) -> tuple[pd.DataFrame, list[Problem]]:
    """Parents given by id or by name become account ids; unknown parents are cleared and reported."""
    parent = accounts[Account.PARENT]
    if parent.isna().all():
        return accounts, []
    known = lookup.is_in(parent, accounts[Account.ID])
    by_name = parent.notna() & ~known
    resolved = parent.where(known)
    if by_name.any():  # keying a million names costs a second: only when some parent is not an id
        from_name = lookup.lookup(
            name_key(parent[by_name]), name_key(accounts[Account.NAME]), accounts[Account.ID]
        )
        resolved = resolved.mask(by_name, from_name)
    resolved = resolved.mask(resolved == accounts[Account.ID])
    unknown = parent.notna() & resolved.isna()
    problems = []
    if unknown.any():
        example = parent[unknown].iloc[0]
        problems.append(
            row_problem(
                "accounts",
                file,
                unknown[unknown].index,
                f"parent account not found in the file (e.g. '{example}')",
                f"{KEPT}, parent left blank",
                column=source,
            )
        )
    return accounts.assign(**{Account.PARENT: resolved}), problems


def locate_accounts(
    accounts: pd.DataFrame, file: str, columns: dict[str, str | None]
) -> tuple[pd.DataFrame, list]:
    """Canonical country and state, region when missing, and a map position at the state/country centre."""
    problems: list[Problem] = []
    country = _map_distinct(accounts[Account.COUNTRY], geo.normalise_country)
    accounts, fixes = _report_rewrites(
        "accounts", file, columns[Account.COUNTRY], accounts, Account.COUNTRY, country
    )
    problems += fixes
    accounts, fixes = tidy_column(
        accounts, Account.COUNTRY, "accounts", file, columns[Account.COUNTRY], list(geo.COUNTRIES)
    )
    problems += fixes
    state = _map_distinct(accounts[Account.STATE], geo.normalise_state)
    accounts = accounts.assign(**{Account.STATE: state.fillna(accounts[Account.STATE])})
    accounts, fixes = tidy_column(accounts, Account.STATE, "accounts", file, columns[Account.STATE])
    problems += fixes
    us_by_state = accounts[Account.COUNTRY].isna() & accounts[Account.STATE].isin(list(geo.US_STATES))
    if us_by_state.any():
        accounts.loc[us_by_state, Account.COUNTRY] = "United States"
        problems.append(
            row_problem(
                "accounts",
                file,
                us_by_state[us_by_state].index,
                "no country; a US state is given, so United States",
                DERIVED,
                level=INFO,
            )
        )
    place = _place_key(accounts)
    region_missing = accounts[Account.REGION].isna()
    if region_missing.any():
        derived = _map_distinct(place, lambda key: _region(*_unplace(key)))
        filled = region_missing & derived.notna()
        accounts = accounts.assign(**{Account.REGION: accounts[Account.REGION].fillna(derived)})
        if filled.any():
            problems.append(
                note("accounts", file, f"{int(filled.sum()):,} regions derived from state/country")
            )
    no_position = accounts[Account.LAT].isna() | accounts[Account.LON].isna()
    if no_position.any():
        lat, lon = (per_distinct(place, lambda keys, i=i: _centre(keys, i)) for i in (0, 1))
        located = no_position & lat.notna()
        accounts = accounts.assign(
            **{
                Account.LAT: accounts[Account.LAT].mask(located, lat),
                Account.LON: accounts[Account.LON].mask(located, lon),
            }
        )
        if located.any():
            placed = (
                f"{int(located.sum()):,} accounts without coordinates placed at their state/country centre"
            )
            problems.append(note("accounts", file, placed))
    return accounts, problems


_SEPARATOR = "\x1f"  # a control character no country or state name contains


def _place_key(accounts: pd.DataFrame) -> pd.Series:
    """country and state as one text key, so places are looked up once per distinct pair."""
    return accounts[Account.COUNTRY].fillna("") + _SEPARATOR + accounts[Account.STATE].fillna("")


def _unplace(key: object) -> tuple[str | None, str | None]:
    country, _, state = str(key).partition(_SEPARATOR)
    return country or None, state or None


def _region(country: str | None, state: str | None) -> str | None:
    region = geo.region_for(country, state)
    if region is None and country in geo.COUNTRIES:
        region = geo.COUNTRIES[country][0]  # a US account without a state: "North America"
    return region


def _centre(keys: pd.Series, coordinate: int) -> pd.Series:
    """Latitude (0) or longitude (1) of each place key's state or country centre."""
    centres = [geo.centroid(*_unplace(key)) for key in keys]
    return pd.Series([c[coordinate] if c else float("nan") for c in centres], dtype="float64")


def _map_distinct(series: pd.Series, function: Callable[[object], object]) -> pd.Series:
    """Apply a per-value function to the distinct values only, then spread the results back."""
    return per_distinct(series, lambda distinct: pd.Series([function(v) for v in distinct], dtype="string"))


def _report_rewrites(table, file, source, frame, column, rewritten) -> tuple[pd.DataFrame, list[Problem]]:
    before = frame[column]
    changed = before.notna() & rewritten.notna() & (before != rewritten)
    if not changed.any():
        return frame, []
    pairs = pd.DataFrame({"old": before[changed], "new": rewritten[changed]}).drop_duplicates()
    changes = dict(zip(pairs["old"], pairs["new"], strict=True))
    return frame.assign(**{column: rewritten.fillna(before)}), changes_problems(
        table, file, source, changes, before
    )


def segment_accounts(accounts: pd.DataFrame) -> pd.DataFrame:
    """Add the size band and the industry | region | size segment every capability groups by."""
    band = size_band(accounts[Account.EMPLOYEES])
    return accounts.assign(
        **{
            Account.SIZE_BAND: band,
            Account.SEGMENT: segment_label(accounts[Account.INDUSTRY], accounts[Account.REGION], band),
        }
    )


def derive_accounts(opportunities: pd.DataFrame) -> tuple[pd.DataFrame, Problem]:
    """Accounts named by the deals when no accounts file was given; owner: the account's most frequent one.

    A deal names its account by id, else by name; names that differ only in case or spacing
    (``Acme`` / ``acme ``) are one account, listed under the first spelling seen.
    """
    ids, names = opportunities[Opportunity.ACCOUNT_ID], opportunities[Opportunity.ACCOUNT_NAME]
    deals = opportunities.assign(_group=ids.fillna(name_key(names)), _id=ids.fillna(names))
    deals = deals.dropna(subset=["_group"])
    first = deals.drop_duplicates("_group").set_index("_group")
    named = deals.dropna(subset=[Opportunity.ACCOUNT_NAME]).drop_duplicates("_group").set_index("_group")
    owners = (
        deals.dropna(subset=[Opportunity.OWNER])
        .groupby(["_group", Opportunity.OWNER], sort=False)
        .size()
        .sort_values(ascending=False, kind="stable")
        .reset_index()
        .drop_duplicates("_group")
        .set_index("_group")[Opportunity.OWNER]
    )
    groups = first.index
    accounts = pd.DataFrame(
        {column.name: empty_column(column.kind, pd.RangeIndex(len(groups))) for column in ACCOUNTS.columns}
    )
    accounts[Account.ID] = pd.array(first["_id"], dtype="string")
    accounts[Account.NAME] = pd.array(
        named[Opportunity.ACCOUNT_NAME].reindex(groups).fillna(first["_id"]), dtype="string"
    )
    accounts[Account.OWNER] = pd.array(owners.reindex(groups), dtype="string")
    reason = f"no accounts file: {len(groups):,} accounts built from the accounts the deals name"
    return accounts, note("accounts", DERIVED_FILE, reason)


def link_opportunities(
    opportunities: pd.DataFrame, accounts: pd.DataFrame, file: str, accounts_given: bool
) -> tuple[pd.DataFrame, list[Problem]]:
    """Resolve each deal's account by id, else by name; keep deals with no known account and report them."""
    problems: list[Problem] = []
    given_id = opportunities[Opportunity.ACCOUNT_ID]
    given_name = opportunities[Opportunity.ACCOUNT_NAME]
    # Each deal's account as a row position, so the million account ids are hashed once.
    at = lookup.positions(given_id, accounts[Account.ID])
    by_id = given_id.where(at >= 0)
    # Names are compared only where the id did not resolve (most deals of a Salesforce export have ids).
    by_name = pd.Series(pd.NA, index=given_name.index, dtype="string")
    todo = by_id.isna() & given_name.notna()
    if todo.any():
        account_keys = name_key(accounts[Account.NAME])
        deal_keys = name_key(given_name[todo])
        at[todo.to_numpy()] = lookup.positions(deal_keys, account_keys)
        by_name = by_name.mask(todo, lookup.take(accounts[Account.ID], at, given_name.index))
        shared = lookup.is_in(deal_keys, account_keys[lookup.duplicated(account_keys)])
        if shared.any():
            problems.append(
                row_problem(
                    "opportunities",
                    file,
                    shared[shared].index,
                    f"account name shared by several accounts (e.g. '{given_name[todo][shared].iloc[0]}'); "
                    "linked to the first of them",
                    KEPT,
                )
            )
    resolved = by_id.fillna(by_name)
    linked_by_name = by_id.isna() & by_name.notna()
    if linked_by_name.any() and given_id.notna().any():
        problems.append(
            row_problem(
                "opportunities",
                file,
                linked_by_name[linked_by_name].index,
                "linked to its account by name",
                KEPT,
                level=INFO,
            )
        )
    no_reference = given_id.isna() & given_name.isna()
    unknown = resolved.isna() & ~no_reference
    if no_reference.any():
        problems.append(
            row_problem(
                "opportunities",
                file,
                no_reference[no_reference].index,
                "no account given",
                f"{KEPT}, not linked to an account (still counts for rep and stage analysis)",
            )
        )
    if unknown.any() and accounts_given:
        example = given_id[unknown].fillna(given_name[unknown]).iloc[0]
        problems.append(
            row_problem(
                "opportunities",
                file,
                unknown[unknown].index,
                f"account not in the accounts file (e.g. '{example}')",
                f"{KEPT}, not linked to an account",
            )
        )
    linked_name = lookup.take(accounts[Account.NAME], at, given_name.index)
    opportunities = opportunities.assign(
        **{Opportunity.ACCOUNT_ID: resolved, Opportunity.ACCOUNT_NAME: linked_name.fillna(given_name)}
    )
    return opportunities, problems


def outcomes(opportunities: pd.DataFrame, file: str, stage_source: str | None) -> tuple[pd.DataFrame, list]:
    """Won / lost / open from the stage, and the sales cycle in days for closed deals."""
    problems: list[Problem] = []
    stage = opportunities[Opportunity.STAGE]
    outcome = _map_distinct(stage, normalise_stage).fillna(OPEN)
    no_stage = stage.isna()
    if no_stage.any():
        problems.append(
            row_problem(
                "opportunities",
                file,
                no_stage[no_stage].index,
                "no stage",
                f"{KEPT}, treated as open pipeline",
                column=stage_source,
            )
        )
    closed = outcome.isin([WON, LOST])
    cycle = (opportunities[Opportunity.CLOSED] - opportunities[Opportunity.CREATED]).dt.days.astype("float64")
    backwards = closed & (cycle < 0)
    if backwards.any():
        problems.append(
            row_problem(
                "opportunities",
                file,
                backwards[backwards].index,
                "close date before created date",
                f"{KEPT}, cycle length left blank",
            )
        )
    cycle = cycle.where(closed & ~backwards)
    lost_zero = (outcome == LOST) & (opportunities[Opportunity.AMOUNT] == 0)
    if lost_zero.any():
        problems.append(
            row_problem(
                "opportunities",
                file,
                lost_zero[lost_zero].index,
                "lost deal with amount 0 (many CRMs zero the value of lost deals)",
                f"{KEPT} as 0",
                level=INFO,
            )
        )
    opportunities = opportunities.assign(**{Opportunity.OUTCOME: outcome, Opportunity.CYCLE_DAYS: cycle})
    return opportunities, problems


def unify_owners(
    frames: dict[str, pd.DataFrame], files: dict[str, tuple[str, str | None]], rep_names: pd.Series | None
) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """One spelling per owner across accounts and deals: ``ann lee`` and ``Ann  Lee`` are ``Ann Lee``.

    Only case and spacing are forgiven (two reps may well share a surname). The reps file's
    spelling wins, since owners join to it; else the owner's most common spelling. ``frames``
    holds the accounts and opportunities tables by name; ``files`` the (file, source column)
    of those read from a file, which get a report line.
    """
    # Account.OWNER and Opportunity.OWNER are one column name.
    owners = pd.concat([frame[Account.OWNER] for frame in frames.values()], ignore_index=True)
    spellings = owners.value_counts().index.to_series()  # most frequent first
    keys = spellings.str.casefold()
    if spellings.empty or (not keys.duplicated().any() and rep_names is None):
        return frames, []
    preferred = spellings.groupby(keys.to_numpy(), sort=False).transform("first")
    if rep_names is not None:
        names = rep_names.dropna()
        by_key = pd.Series(names.to_numpy(), index=names.str.casefold().to_numpy())
        preferred = keys.map(by_key[~by_key.index.duplicated()]).fillna(preferred)
    changes = {str(old): str(new) for old, new in zip(spellings, preferred, strict=True) if old != new}
    if not changes:
        return frames, []
    problems = []
    for table, (file, source) in files.items():
        problems += changes_problems(table, file, source, changes, frames[table][Account.OWNER])
    fixed = {
        table: frame.assign(**{Account.OWNER: frame[Account.OWNER].replace(changes)})
        for table, frame in frames.items()
    }
    return fixed, problems


def reps_from_owners(owners: pd.Series) -> tuple[pd.DataFrame, Problem]:
    """Reps named as owners of deals and accounts, when no reps file was given."""
    names = pd.Series(owners.dropna().unique(), dtype="string")
    names = names[~name_key(names).duplicated()].sort_values().reset_index(drop=True)
    reps = pd.DataFrame(
        {column.name: empty_column(column.kind, pd.RangeIndex(len(names))) for column in REPS.columns}
    )
    reps[Rep.NAME] = names.astype("string").to_numpy()
    reason = (
        f"no reps file: {len(names):,} reps taken from deal and account owners (no manager, quota, capacity)"
    )
    return reps, note("reps", DERIVED_FILE, reason)


def owners_without_rep(owners: pd.Series, reps: pd.DataFrame, file: str) -> list[Problem]:
    """Owners the reps file does not list (they keep their accounts and deals)."""
    known = set(name_key(reps[Rep.NAME]).dropna())
    names = owners.dropna().drop_duplicates()
    missing = names[~name_key(names).isin(known)]
    if missing.empty:
        return []
    shown = ", ".join(f"'{n}'" for n in missing.head(8))
    more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
    return [note("reps", file, f"owners not in the reps file: {shown}{more}", KEPT)]
