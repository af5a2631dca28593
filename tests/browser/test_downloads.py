"""What a user downloads in the browser: the prioritised list, the territory plan, the coaching brief."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from planner.schema import Account, Rep, Score, Territory
from planner.scoring.result import EXPORT_COLUMNS as SCORE_COLUMNS
from planner.territories.plan import EXPORT_COLUMNS as PLAN_COLUMNS
from planner.workspace import Workspace
from tests.browser.conftest import formula_cells, read_export

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

MOVED_FLAG = {"yes": True, "no": False, "true": True, "false": False}


@pytest.fixture(scope="module")
def demo() -> Workspace:
    """The demo as the app ingests it: what every download must cover."""
    return Workspace.demo()


def test_prioritised_list_download_is_the_ranked_safe_csv(app, demo):
    app.open("accounts")
    button = app.tab.get_by_role("button", name=re.compile(r"^Download the [\d,]+ accounts \(CSV\)"))
    shown = int(re.search(r"[\d,]+", button.inner_text()).group().replace(",", ""))
    header, rows = read_export(app.download(re.compile(r"^Download the [\d,]+ accounts")))
    assert header == list(SCORE_COLUMNS)
    assert len(rows) == shown == len(demo.accounts)
    assert {row[Account.ID] for row in rows} == set(demo.accounts[Account.ID])
    priorities = [float(row[Score.PRIORITY]) for row in rows]
    assert priorities == sorted(priorities, reverse=True), "the list is not sorted by priority"
    assert {row[Score.TIER] for row in rows} <= {"A", "B", "C", "D"}
    assert all(row[Score.REASONS] for row in rows[:50]), "top accounts without a reason"
    assert formula_cells(rows) == []


def test_territory_plan_download_assigns_every_account_once(app, demo):
    app.open("territories")
    app.assert_no_exception()
    header, rows = read_export(app.download("Download the plan (CSV)"))
    assert header == list(PLAN_COLUMNS)
    ids = [row[Account.ID] for row in rows]
    assert len(ids) == len(set(ids)) == len(demo.accounts)
    assert set(ids) == set(demo.accounts[Account.ID])
    reps = set(demo.reps[Rep.NAME])
    assert {row[Territory.NEW_OWNER] for row in rows} <= reps
    moved = [MOVED_FLAG[row[Territory.MOVED].lower()] for row in rows]
    assert moved == [row[Territory.OLD_OWNER] != row[Territory.NEW_OWNER] for row in rows]
    assert any(moved), "the plan moved nothing"
    assert formula_cells(rows) == []


def test_coaching_brief_downloads_for_the_chosen_rep(app):
    app.open("coaching")
    name = app.tab.get_by_role("combobox", name="Rep").input_value()
    assert name, "no rep chosen"
    app.tab.get_by_role("tab", name="Brief").click()
    expect(app.tab.get_by_role("button", name="Download Markdown")).to_be_visible()
    markdown = app.download("Download Markdown").decode("utf-8")
    assert markdown.startswith("#")
    assert name in markdown
    html = app.download("Download printable HTML").decode("utf-8")
    assert "<html" in html.lower()
    assert name in html
    app.screenshot("coaching-brief")
