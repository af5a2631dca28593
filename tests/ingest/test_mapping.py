"""Automatic column mapping from CRM export headers, and manual overrides."""

from __future__ import annotations

import pytest

from planner.errors import InputError
from planner.ingest.mapping import map_columns, parse_override
from planner.schema import ACCOUNTS, OPPORTUNITIES, REPS, Account, Opportunity, Rep

SALESFORCE_REPORT = [
    "Account ID", "Account Name", "Industry", "Employees", "Annual Revenue", "Billing Country",
    "Billing State/Province", "Latitude", "Longitude", "Account Owner", "ARR", "Parent Account ID",
]  # fmt: skip
SALESFORCE_API = [
    "Id", "Name", "Industry", "NumberOfEmployees", "AnnualRevenue", "BillingCountry", "BillingState",
    "BillingLatitude", "BillingLongitude", "OwnerId", "ParentId",
]  # fmt: skip
HUBSPOT_COMPANIES = [
    "Record ID", "Company name", "Industry", "Number of Employees", "Annual Revenue", "Country/Region",
    "State/Region", "Company owner", "Parent Company",
]  # fmt: skip
DYNAMICS_ACCOUNTS = [
    "Account Name", "Account Number", "Industry", "Number of Employees", "Annual Revenue",
    "Address 1: Country/Region", "Address 1: State/Province", "Owner", "Parent Account",
]  # fmt: skip
MAVEN_ACCOUNTS = [
    "account",
    "sector",
    "year_established",
    "revenue",
    "employees",
    "office_location",
    "subsidiary_of",
]

EXPECTED_ACCOUNTS = {
    Account.NAME, Account.INDUSTRY, Account.EMPLOYEES, Account.REVENUE, Account.COUNTRY, Account.OWNER,
}  # fmt: skip


@pytest.mark.parametrize(
    "headers",
    [SALESFORCE_REPORT, SALESFORCE_API, HUBSPOT_COMPANIES, DYNAMICS_ACCOUNTS],
    ids=["sf", "api", "hs", "d365"],
)
def test_crm_account_exports_map_their_core_columns(headers: list[str]) -> None:
    mapping = map_columns(ACCOUNTS, headers)
    assert set(mapping.mapped) >= EXPECTED_ACCOUNTS
    assert mapping.columns[Account.STATE] is not None
    assert mapping.columns[Account.PARENT] is not None
    assert len(set(mapping.mapped.values())) == len(mapping.mapped)  # one header per canonical column


def test_salesforce_report_maps_exactly() -> None:
    mapping = map_columns(ACCOUNTS, SALESFORCE_REPORT)
    names = [n for n in ACCOUNTS.names if n != Account.REGION]  # the demo export has no region column
    assert mapping.columns == {**dict(zip(names, SALESFORCE_REPORT, strict=True)), Account.REGION: None}
    assert mapping.ignored == ()


def test_maven_accounts_and_pipeline_headers() -> None:
    accounts = map_columns(ACCOUNTS, MAVEN_ACCOUNTS)
    assert accounts.columns[Account.NAME] == "account"
    assert accounts.columns[Account.INDUSTRY] == "sector"
    assert accounts.columns[Account.COUNTRY] == "office_location"
    assert accounts.columns[Account.PARENT] == "subsidiary_of"
    assert accounts.ignored == ("year_established",)
    pipeline = map_columns(
        OPPORTUNITIES,
        [
            "opportunity_id",
            "sales_agent",
            "product",
            "account",
            "deal_stage",
            "engage_date",
            "close_date",
            "close_value",
        ],
    )
    assert pipeline.columns[Opportunity.ACCOUNT_NAME] == "account"
    assert pipeline.columns[Opportunity.ACCOUNT_ID] is None
    assert pipeline.columns[Opportunity.OWNER] == "sales_agent"
    assert pipeline.columns[Opportunity.STAGE] == "deal_stage"
    assert pipeline.columns[Opportunity.AMOUNT] == "close_value"
    assert pipeline.columns[Opportunity.CREATED] == "engage_date"


def test_opportunity_exports_from_each_crm() -> None:
    hubspot = map_columns(OPPORTUNITIES, ["Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date",
                                          "Create Date", "Deal owner", "Associated Company"])  # fmt: skip
    assert hubspot.columns[Opportunity.STAGE] == "Deal Stage"
    assert hubspot.columns[Opportunity.ACCOUNT_NAME] == "Associated Company"
    assert hubspot.columns[Opportunity.OWNER] == "Deal owner"
    dynamics_headers = ["Topic", "Potential Customer", "Status", "Est. Revenue", "Actual Revenue",
                        "Est. Close Date", "Owner", "Created On"]  # fmt: skip
    dynamics = map_columns(OPPORTUNITIES, dynamics_headers)
    assert dynamics.columns[Opportunity.AMOUNT] == "Est. Revenue"  # earlier synonym wins the tie
    assert dynamics.columns[Opportunity.ACCOUNT_NAME] == "Potential Customer"
    assert dynamics.columns[Opportunity.CREATED] == "Created On"
    salesforce = map_columns(OPPORTUNITIES, ["Opportunity Name", "Opportunity Owner", "Account Name", "Stage",
                                             "Amount", "Close Date", "Created Date"])  # fmt: skip
    assert salesforce.columns[Opportunity.OWNER] == "Opportunity Owner"
    assert salesforce.columns[Opportunity.ACCOUNT_NAME] == "Account Name"
    assert "Opportunity Name" in salesforce.ignored  # a deal's own name is not its account


def test_close_misspelling_still_maps() -> None:
    mapping = map_columns(ACCOUNTS, ["Acount Name", "Anual Revenue"])
    assert mapping.columns[Account.NAME] == "Acount Name"
    assert mapping.columns[Account.REVENUE] == "Anual Revenue"


def test_reps_file_headers() -> None:
    mapping = map_columns(REPS, ["sales_agent", "manager", "regional_office"])
    assert mapping.mapped == {Rep.NAME: "sales_agent", Rep.MANAGER: "manager", Rep.REGION: "regional_office"}


def test_missing_required_column_names_it_and_the_columns_found() -> None:
    with pytest.raises(InputError) as error:
        map_columns(OPPORTUNITIES, ["Deal", "Value"], file="deals.csv")
    text = str(error.value)
    assert "Stage" in text and "Deal, Value" in text and "deals.csv" in text
    assert "column mapping" in text and "--map" not in text, "the app says it in its own words"
    assert "--map opportunities.stage=" in error.value.cli_text()


def test_override_wins_and_frees_the_automatic_choice() -> None:
    mapping = map_columns(ACCOUNTS, ["Name", "Industry", "Sub Industry"], {Account.INDUSTRY: "Sub Industry"})
    assert mapping.columns[Account.INDUSTRY] == "Sub Industry"
    assert "Industry" in mapping.ignored
    unmapped = map_columns(ACCOUNTS, ["Name", "Industry"], {Account.INDUSTRY: None})
    assert unmapped.columns[Account.INDUSTRY] is None


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"industri": "Industry"}, "not a column of accounts"),
        ({Account.INDUSTRY: "Sector"}, "which the file does not have"),
        ({Account.INDUSTRY: "Name", Account.NAME: "Name"}, "more than one"),
    ],
)
def test_bad_overrides_are_input_errors(overrides: dict, words: str) -> None:
    with pytest.raises(InputError, match=words):
        map_columns(ACCOUNTS, ["Name", "Industry"], overrides)


def test_parse_override() -> None:
    assert parse_override("accounts.industry=Sector") == ("accounts", "industry", "Sector")
    assert parse_override("reps.quota=") == ("reps", "quota", None)
    for bad in ("industry=Sector", "deals.stage=Stage", "accounts.industry"):
        with pytest.raises(InputError, match=r"TABLE\.COLUMN=SOURCE"):
            parse_override(bad)


def test_reps_planning_columns_map_from_common_headers() -> None:
    mapping = map_columns(
        REPS,
        ["Name", "Home Region", "Home State", "Max Accounts", "Max Workload", "Eligible Regions",
         "Eligible Industries", "Home Latitude", "Home Longitude"],
    )  # fmt: skip
    assert mapping.mapped == {
        Rep.NAME: "Name",
        Rep.REGION: "Home Region",
        Rep.HOME_STATE: "Home State",
        Rep.CAPACITY: "Max Accounts",
        Rep.MAX_WORKLOAD: "Max Workload",
        Rep.ELIGIBLE_REGIONS: "Eligible Regions",
        Rep.ELIGIBLE_INDUSTRIES: "Eligible Industries",
        Rep.HOME_LAT: "Home Latitude",
        Rep.HOME_LON: "Home Longitude",
    }
    # "Capacity" alone stays the account capacity; a workload capacity is told apart by its unit.
    units = map_columns(REPS, ["Rep", "Capacity (accounts)", "Capacity (workload)", "Regions", "Industries"])
    assert units.columns[Rep.CAPACITY] == "Capacity (accounts)"
    assert units.columns[Rep.MAX_WORKLOAD] == "Capacity (workload)"
    assert units.columns[Rep.ELIGIBLE_REGIONS] == "Regions" and units.columns[Rep.REGION] is None
    assert units.columns[Rep.ELIGIBLE_INDUSTRIES] == "Industries"


def test_common_abbreviations_in_headers_are_recognised() -> None:
    """Hand-made exports abbreviate: '#' is a number, and Acct / Rev. / Ctry / Prov are common."""
    accounts = map_columns(ACCOUNTS, ["Acct #", "Company", "Annual Rev.", "Ctry", "State/Prov"], strict=False)
    assert accounts.mapped == {
        Account.ID: "Acct #",
        Account.NAME: "Company",
        Account.REVENUE: "Annual Rev.",
        Account.COUNTRY: "Ctry",
        Account.STATE: "State/Prov",
    }
    assert map_columns(ACCOUNTS, ["Account #", "Account"]).mapped == {
        Account.ID: "Account #",
        Account.NAME: "Account",
    }
    assert map_columns(REPS, ["Rep", "Quota FY"]).mapped[Rep.QUOTA] == "Quota FY"
