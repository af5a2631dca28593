"""Which column of a user's file holds which canonical column.

Each CRM names the same field differently (Salesforce ``AnnualRevenue`` or
``Annual Revenue``, HubSpot ``Company name``, Dynamics ``Address 1: Country/Region``,
Maven's ``sector`` and ``close_value``). Headers are compared by a key that ignores
case, spaces and punctuation; then with a table prefix removed (``Deal Stage`` ->
``stage``); then by close spelling. Earlier names in a synonym list win ties, so
``Est. Revenue`` beats ``Actual Revenue`` for the amount of a Dynamics export.
A user's override always wins and is checked against the file's real headers.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from planner.errors import InputError
from planner.schema import TABLES, Account, Market, Opportunity, Rep, TableSpec

# canonical column -> the names exports use for it, most preferred first.
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "accounts": {
        Account.ID: (
            "Account ID",
            "AccountId",
            "Id",
            "Record ID",
            "Company ID",
            "Customer ID",
            "Account Number",
            "Account Key",
            "Salesforce ID",
            "CRM ID",
            "Account Code",
            "Acct Number",
            "Acct ID",
            "Account No",
            "Acct No",
        ),
        Account.NAME: (
            "Account Name",
            "Name",
            "Account",
            "Company",
            "Company Name",
            "Organization",
            "Organisation",
            "Organization Name",
            "Customer",
            "Customer Name",
            "Client",
            "Client Name",
            "Business Name",
        ),
        Account.INDUSTRY: (
            "Industry",
            "Sector",
            "Vertical",
            "Industry Vertical",
            "Industry Sector",
            "Business Type",
        ),
        Account.EMPLOYEES: (
            "Employees",
            "NumberOfEmployees",
            "Number of Employees",
            "Employee Count",
            "Headcount",
            "No of Employees",
            "Num Employees",
            "Company Size",
            "Staff",
            "Size",
        ),
        Account.REVENUE: (
            "Annual Revenue",
            "AnnualRevenue",
            "Revenue",
            "Turnover",
            "Yearly Revenue",
            "Total Revenue",
            "Company Revenue",
            "Sales Revenue",
            "Annual Rev",
        ),
        Account.COUNTRY: (
            "Billing Country",
            "Country",
            "BillingCountry",
            "Country/Region",
            "Address 1: Country/Region",
            "address1_country",
            "Country Code",
            "HQ Country",
            "Headquarters Country",
            "Office Location",
            "Shipping Country",
            "Location",
            "Nation",
            "Ctry",
            "Cntry",
        ),
        Account.REGION: ("Region", "Sales Region", "Territory", "Sales Territory", "Geo", "Area"),
        Account.STATE: (
            "Billing State/Province",
            "State",
            "BillingState",
            "Billing State",
            "State/Province",
            "State/Region",
            "Province",
            "Address 1: State/Province",
            "address1_stateorprovince",
            "State Code",
            "Billing State Code",
            "Headquarters State",
            "HQ State",
            "State/Prov",
            "Prov",
        ),
        Account.LAT: ("Latitude", "Lat", "Billing Latitude", "BillingLatitude", "address1_latitude"),
        Account.LON: (
            "Longitude",
            "Lon",
            "Lng",
            "Long",
            "Billing Longitude",
            "BillingLongitude",
            "address1_longitude",
        ),
        Account.OWNER: (
            "Account Owner",
            "Owner",
            "Owner Name",
            "OwnerId",
            "Company Owner",
            "HubSpot Owner",
            "Account Manager",
            "Account Executive",
            "Sales Rep",
            "Rep",
            "Assigned To",
        ),
        Account.SPEND: (
            "ARR",
            "Current Spend",
            "Current ARR",
            "Annual Recurring Revenue",
            "Spend",
            "Customer Spend",
            "Total Spend",
            "Contract Value",
            "ACV",
        ),
        Account.PARENT: (
            "Parent Account ID",
            "ParentId",
            "Parent Account",
            "Parent",
            "Parent ID",
            "Parent Company",
            "Parent Company ID",
            "parentaccountid",
            "Subsidiary Of",
            "Ultimate Parent",
        ),
    },
    "opportunities": {
        Opportunity.ID: (
            "Opportunity ID",
            "OpportunityId",
            "Id",
            "Opp ID",
            "Deal ID",
            "Record ID",
            "Opportunity Number",
            "Deal Number",
        ),
        Opportunity.ACCOUNT_ID: (
            "Account ID",
            "AccountId",
            "Account.Id",
            "Company ID",
            "Associated Company ID",
            "Associated Company IDs",
            "Customer ID",
            "customerid",
            "Account Number",
        ),
        Opportunity.ACCOUNT_NAME: (
            "Account Name",
            "Account",
            "Account.Name",
            "Company",
            "Company Name",
            "Associated Company",
            "Potential Customer",
            "Customer",
            "Customer Name",
            "Client",
            "Organization",
        ),
        Opportunity.OWNER: (
            "Opportunity Owner",
            "Owner",
            "Deal Owner",
            "Owner Name",
            "Owner.Name",
            "OwnerId",
            "Sales Agent",
            "Sales Rep",
            "Rep",
            "Salesperson",
            "Account Executive",
            "Seller",
            "Assigned To",
        ),
        Opportunity.PRODUCT: (
            "Product",
            "Product Name",
            "Product2.Name",
            "Product Family",
            "Product Line",
            "Offering",
            "Solution",
            "SKU",
        ),
        Opportunity.STAGE: (
            "Stage",
            "StageName",
            "Deal Stage",
            "Opportunity Stage",
            "Sales Stage",
            "Stage Name",
            "Pipeline Stage",
            "Status",
            "Opportunity Result",
            "Outcome",
            "Result",
            "Won/Lost",
            "Win/Loss",
            "Status Reason",
            "salesstage",
            "statecode",
        ),
        Opportunity.AMOUNT: (
            "Amount",
            "Close Value",
            "Deal Amount",
            "Deal Value",
            "Opportunity Amount",
            "Opportunity Amount USD",
            "Value",
            "Est. Revenue",
            "Estimated Revenue",
            "estimatedvalue",
            "Actual Revenue",
            "actualvalue",
            "Total Amount",
            "Deal Size",
            "Revenue",
            "Contract Value",
            "ACV",
            "TCV",
            "Booking",
        ),
        Opportunity.CREATED: (
            "Created Date",
            "CreatedDate",
            "Create Date",
            "Created",
            "Created On",
            "createdon",
            "Date Created",
            "Creation Date",
            "Open Date",
            "Engage Date",
            "Start Date",
            "Opportunity Created Date",
        ),
        Opportunity.CLOSED: (
            "Close Date",
            "CloseDate",
            "Closed Date",
            "Actual Close Date",
            "actualclosedate",
            "Date Closed",
            "Closed On",
            "Est. Close Date",
            "Estimated Close Date",
            "estimatedclosedate",
            "Expected Close Date",
            "Won Date",
        ),
        Opportunity.LOST_AT_STAGE: (
            "Stage at Loss",
            "Lost at Stage",
            "Loss Stage",
            "Stage When Lost",
            "Last Stage",
            "Furthest Stage",
            "Previous Stage",
            "Closed Lost Stage",
        ),
    },
    "reps": {
        Rep.NAME: (
            "Rep",
            "Rep Name",
            "Sales Rep",
            "Sales Agent",
            "Name",
            "Full Name",
            "Owner",
            "Owner Name",
            "User",
            "User Name",
            "Salesperson",
            "Seller",
            "Account Executive",
            "Employee",
        ),
        Rep.MANAGER: (
            "Manager",
            "Sales Manager",
            "Manager Name",
            "Manager.Name",
            "Reports To",
            "Team Lead",
            "Supervisor",
        ),
        Rep.REGION: (
            "Region",
            "Home Region",
            "Regional Office",
            "Sales Region",
            "Territory",
            "Home Territory",
            "Base Region",
            "Office",
            "Team",
            "Area",
            "Geo",
        ),
        Rep.QUOTA: (
            "Annual Quota",
            "Quota",
            "Quota Amount",
            "Target",
            "Annual Target",
            "Sales Target",
            "Quota FY",
            "FY Quota",
        ),
        Rep.CAPACITY: (
            "Capacity",
            "Account Capacity",
            "Max Accounts",
            "Maximum Accounts",
            "Capacity Accounts",
            "Account Limit",
            "Max Account Count",
            "Book Size",
        ),
        Rep.MAX_WORKLOAD: (
            "Max Workload",
            "Maximum Workload",
            "Workload Capacity",
            "Capacity Workload",
            "Workload Limit",
            "Max Load",
        ),
        Rep.HOME_STATE: (
            "Home State",
            "State",
            "Home State/Province",
            "State/Province",
            "Base State",
            "Office State",
        ),
        Rep.HOME_LAT: ("Home Latitude", "Home Lat", "Latitude", "Lat"),
        Rep.HOME_LON: ("Home Longitude", "Home Lon", "Home Lng", "Longitude", "Lon", "Lng"),
        Rep.ELIGIBLE_REGIONS: (
            "Eligible Regions",
            "Eligible Region",
            "Regions",
            "Covered Regions",
            "Coverage Regions",
            "Allowed Regions",
            "Region Coverage",
            "Regions Covered",
        ),
        Rep.ELIGIBLE_INDUSTRIES: (
            "Eligible Industries",
            "Eligible Industry",
            "Industries",
            "Covered Industries",
            "Allowed Industries",
            "Industry Coverage",
            "Industries Covered",
            "Eligible Verticals",
            "Verticals",
        ),
    },
    "market": {
        Market.INDUSTRY: ("Industry", "Sector", "Industry Name", "NAICS Description", "Sector Name"),
        Market.STATE: ("State", "State Name", "State Code", "State Abbreviation"),
        Market.NAICS: ("NAICS", "NAICS Code", "NAICS Sector"),
        Market.FIRMS: ("Firms", "Number of Firms", "Firm Count"),
        Market.EMPLOYMENT: ("Employment", "Employees", "Employment Count"),
        Market.PAYROLL: ("Payroll USD", "Annual Payroll", "Payroll", "Annual Payroll USD"),
    },
}

# Words exports put in front of a field name ("Opportunity Owner", "Billing Country", "Deal Stage").
_PREFIXES = (
    "opportunity",
    "opp",
    "deal",
    "account",
    "company",
    "billing",
    "shipping",
    "mailing",
    "primary",
    "hq",
)
# Words after it that change nothing ("Amount (USD)", "ARR__c").
_SUFFIXES = ("usd", "eur", "gbp", "c", "name")
_CLOSE_SPELLING = 0.88

EXACT, PREFIXED, SPELLING = 3.0, 2.0, 1.0


def header_key(name: str) -> str:
    """Ignore case, spaces and punctuation: ``NumberOfEmployees`` == ``Number of Employees``."""
    # "#" reads "number": "Acct #" is the account number, not the account (name).
    return re.sub(r"[^0-9a-z]", "", name.replace("__c", "").replace("#", "number").lower())


def _trimmed_key(name: str) -> str:
    words = [w for w in re.split(r"[^0-9a-z]+", re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).lower()) if w]
    while len(words) > 1 and words[0] in _PREFIXES:
        words = words[1:]
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words = words[:-1]
    return "".join(words)


@dataclass(frozen=True)
class ColumnMapping:
    """canonical column -> source header (None when the file has no such column)."""

    table: str
    columns: dict[str, str | None]
    ignored: tuple[str, ...]
    overridden: tuple[str, ...] = ()

    @property
    def mapped(self) -> dict[str, str]:
        return {canonical: source for canonical, source in self.columns.items() if source}


def _candidates(spec: TableSpec, headers: Sequence[str]) -> list[tuple[float, int, str, str]]:
    """Every plausible (score, header position, header, canonical) pair, best first."""
    pairs = []
    for position, header in enumerate(headers):
        key, trimmed = header_key(header), _trimmed_key(header)
        for canonical in spec.names:
            for rank, candidate in enumerate(_synonym_keys(spec.name, canonical)):
                tie_break = rank / 1000
                if key == candidate:
                    score = EXACT - tie_break
                elif trimmed and trimmed == candidate:
                    score = PREFIXED - tie_break
                elif len(key) >= 5 and _close(key, candidate):
                    score = SPELLING - tie_break
                else:
                    continue
                pairs.append((score, -position, header, canonical))
                break
    pairs.sort(reverse=True)
    return pairs


@functools.cache
def _synonym_keys(table: str, canonical: str) -> tuple[str, ...]:
    """The keys a header may match for ``canonical``, most specific first (the canonical name last)."""
    return tuple(header_key(name) for name in (*SYNONYMS[table].get(canonical, ()), canonical))


# Remembered: the Data page maps every file's headers again on each rerun, against the same synonyms.
@functools.lru_cache(maxsize=1 << 16)
def _close(key: str, candidate: str) -> bool:
    """Spelled alike; the cheap upper bounds rule out most pairs before the full ratio."""
    matcher = difflib.SequenceMatcher(None, key, candidate)
    return (
        matcher.real_quick_ratio() >= _CLOSE_SPELLING
        and matcher.quick_ratio() >= _CLOSE_SPELLING
        and matcher.ratio() >= _CLOSE_SPELLING
    )


def map_columns(
    spec: TableSpec,
    headers: Sequence[str],
    overrides: Mapping[str, str | None] | None = None,
    *,
    file: str = "",
    strict: bool = True,
) -> ColumnMapping:
    """Match a file's headers to ``spec``'s canonical columns; overrides first, then the best automatic match.

    Raises ``InputError`` when an override names an unknown column, or (``strict``) a required column is
    not found; the Data page maps with ``strict=False`` so the user can pick the missing column.
    """
    overrides = dict(overrides or {})
    _check_overrides(spec, headers, overrides, file)
    columns: dict[str, str | None] = dict.fromkeys(spec.names)
    columns.update(overrides)
    taken = {source for source in overrides.values() if source}
    for _score, _position, header, canonical in _candidates(spec, headers):
        if canonical in overrides or header in taken or columns[canonical]:
            continue
        columns[canonical] = header
        taken.add(header)
    missing = [c for c in spec.required if not columns[c]]
    if missing and strict:
        labels = ", ".join(f"{spec.label(c)} ({c})" for c in missing)
        raise InputError(
            f"required column(s) missing for {spec.name}: {labels}. "
            f"Columns found: {', '.join(headers) or 'none'}.",
            file=file or None,
            hint="Rename a column, or choose the column that holds it in the column mapping below.",
            cli_hint=f"Rename a column, or map one with --map {spec.name}.{missing[0]}=<column>.",
        )
    ignored = tuple(h for h in headers if h not in taken)
    return ColumnMapping(spec.name, columns, ignored, tuple(overrides))


def _check_overrides(
    spec: TableSpec, headers: Sequence[str], overrides: Mapping[str, str | None], file: str
) -> None:
    for canonical, source in overrides.items():
        if canonical not in spec.names:
            raise InputError(
                f"'{canonical}' is not a column of {spec.name}; choose one of {', '.join(spec.names)}.",
                file=file or None,
            )
        if source and source not in headers:
            raise InputError(
                f"the mapping for {spec.name}.{canonical} names column '{source}', "
                "which the file does not have. "
                f"Columns found: {', '.join(headers)}.",
                file=file or None,
            )
    sources = [s for s in overrides.values() if s]
    repeated = sorted({s for s in sources if sources.count(s) > 1})
    if repeated:
        raise InputError(
            f"column '{repeated[0]}' is mapped to more than one {spec.name} column; map each column once.",
            file=file or None,
        )


def parse_override(text: str) -> tuple[str, str, str | None]:
    """``accounts.industry=Sector`` -> ("accounts", "industry", "Sector"); an empty right side unmaps."""
    left, sep, right = text.partition("=")
    table, dot, column = left.strip().partition(".")
    if not sep or not dot or table not in TABLES or not column:
        raise InputError(
            f"cannot read the mapping '{text}'.",
            hint=f"Write TABLE.COLUMN=SOURCE with TABLE one of {', '.join(TABLES)}, "
            "e.g. accounts.industry=Sector.",
        )
    return table, column.strip(), right.strip() or None
