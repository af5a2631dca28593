"""Uploading a HubSpot export in the browser: mapping and validation report show it, the pages use it."""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from planner.schema import Account, Score
from tests.browser.conftest import formula_cells, read_export

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

COMPANIES = 40
COMPANY_HEADER = [
    "Record ID", "Company name", "Industry", "Number of Employees", "Annual Revenue",
    "Country/Region", "State/Region", "Company owner",
]  # fmt: skip
DEAL_HEADER = [
    "Record ID", "Deal Name", "Associated Company", "Deal owner", "Deal Stage", "Amount",
    "Create Date", "Close Date",
]  # fmt: skip
FORMULA_NAME = '=HYPERLINK("http://example.com","Acme")'
INDUSTRIES = ("Software", "Manufacturing", "Healthcare", "Retail")
PLACES = (("United States", "California"), ("United States", "Texas"), ("Canada", "Ontario"))
OWNERS = ("Ana Ruiz", "Ben Okafor", "Chen Li")


def _csv(header: list[str], rows: list[list[object]]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return text.getvalue().encode()


def hubspot_export() -> tuple[bytes, bytes]:
    """Companies and deals as HubSpot exports them; one company repeated, one named like a formula.

    Software companies win two deals in three, the others one in three, so the fit model has a signal.
    """
    names = [FORMULA_NAME if i == 0 else f"Company {i:03d}" for i in range(COMPANIES)]
    companies = [
        [9000 + i, name, INDUSTRIES[i % 4], 50 + 37 * i, 10**6 * (1 + i), *PLACES[i % 3], OWNERS[i % 3]]
        for i, name in enumerate(names)
    ]
    companies.append([9001, "Company 001 (duplicate)", "Retail", 10, 100, "Canada", "Ontario", "Ana Ruiz"])
    deals = []
    for i, name in enumerate(names):
        for j in range(4):
            won = j < (2 if i % 4 == 0 else 1)
            stage = "Qualified To Buy" if j == 3 else ("Closed Won" if won else "Closed Lost")
            month = 1 + (i + 3 * j) % 12
            close = "" if j == 3 else f"2025-{month:02d}-28"
            amount = 5_000 * (1 + (i + j) % 9)
            deals.append([f"D{4 * i + j:04d}", f"{name} deal {j}", name, OWNERS[i % 3], stage, amount])
            deals[-1] += [f"2025-{month:02d}-01", close]
    return _csv(COMPANY_HEADER, companies), _csv(DEAL_HEADER, deals)


def _upload(app, position: int, name: str, data: bytes) -> None:
    field = app.tab.locator('[data-testid="stFileUploader"]').nth(position).locator('input[type="file"]')
    app.act(lambda: field.set_input_files(files=[{"name": name, "mimeType": "text/csv", "buffer": data}]))


def test_uploaded_hubspot_export_is_mapped_validated_and_used(app):
    companies, deals = hubspot_export()
    app.open()
    app.act(lambda: app.tab.get_by_text("My CRM export", exact=True).click())
    _upload(app, 0, "hubspot-companies.csv", companies)
    _upload(app, 1, "hubspot-deals.csv", deals)
    app.assert_no_exception()

    page = app.tab
    expect(page.get_by_text(re.compile(r"Every page now uses: hubspot-companies\.csv"))).to_be_visible()
    # Mapping: HubSpot's headers found without help, nothing required left unmapped.
    expect(page.get_by_text(re.compile(r"^Accounts: \d+ of \d+ columns mapped$"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Opportunities: \d+ of \d+ columns mapped$"))).to_be_visible()
    expect(page.get_by_text("required column missing")).to_have_count(0)
    # Validation report: the rows kept, the repeated company set aside and listed.
    accounts_card = page.locator('[data-testid="stMetric"]').filter(has_text="Accounts")
    expect(accounts_card.locator('[data-testid="stMetricValue"]')).to_have_text(f"{COMPANIES}")
    expect(accounts_card.locator('[data-testid="stMetricDelta"]')).to_contain_text("1 set aside")
    deals_card = page.locator('[data-testid="stMetric"]').filter(has_text="Opportunities")
    expect(deals_card.locator('[data-testid="stMetricValue"]')).to_have_text(f"{4 * COMPANIES}")
    expect(page.get_by_text("1 problem found", exact=False)).to_be_visible()
    _, problems = read_export(app.download("Download the problem list (CSV)"))
    duplicate = [p for p in problems if "duplicate" in p["What we found"]]
    assert len(duplicate) == 1
    assert duplicate[0]["Row numbers (as Excel shows them)"] == str(COMPANIES + 2), "its Excel row"
    app.screenshot("data-upload")

    # The next pages work on the upload, not the demo.
    app.navigate("Accounts")
    app.assert_no_exception()
    _, rows = read_export(app.download(f"Download the {COMPANIES} accounts (CSV)"))
    assert {row[Account.ID] for row in rows} == {str(9000 + i) for i in range(COMPANIES)}
    priorities = [float(row[Score.PRIORITY]) for row in rows]
    assert priorities == sorted(priorities, reverse=True)
    assert "'" + FORMULA_NAME in {row[Account.NAME] for row in rows}, "formula-like name not neutralised"
    assert formula_cells(rows) == []
    app.screenshot("accounts-upload")


def test_a_valid_file_after_an_unusable_one_is_mapped_afresh(app):
    """The mapping boxes drawn for the unusable file report their values when the next file arrives;
    they used to be taken as the user unmapping every column of the valid one."""
    companies, _ = hubspot_export()
    app.open()
    app.act(lambda: app.tab.get_by_text("My CRM export", exact=True).click())
    _upload(app, 0, "notes.csv", b"Foo,Bar\n1,2\n3,4\n")
    expect(app.tab.get_by_text("Choose the column that holds: Account name.")).to_be_visible()
    _upload(app, 0, "hubspot-companies.csv", companies)
    app.assert_no_exception()
    expect(app.tab.get_by_text("cannot be used yet", exact=False)).to_have_count(0)
    expect(app.tab.get_by_text(re.compile(r"^Accounts: ([2-9]|1\d) of \d+ columns mapped$"))).to_be_visible()
