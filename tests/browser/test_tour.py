"""A user's tour in a real browser: every page on the demo, and the weight sliders re-ranking accounts."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from planner.schema import Account, Score
from tests.browser.conftest import read_export

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# Page title -> (URL path, something only that page shows once its work is done).
PAGES = {
    "Data": ("", "Validation report"),
    "Segments": ("segments", "All segments"),
    "Ideal profile": ("ideal_profile", "Best fit"),
    "Accounts": ("accounts", "Is the fit score any good?"),
    "Territories": ("territories", "Download the plan (CSV)"),
    "Coaching": ("coaching", "Download the team view (CSV)"),
    "About the methods": ("about", "The flow"),
}
CHART_PAGES = {"Segments", "Ideal profile", "Accounts", "Territories"}


@pytest.mark.parametrize("title", list(PAGES))
def test_every_page_renders_on_the_demo(app, title):
    path, marker = PAGES[title]
    app.open(path)
    app.assert_no_exception()
    expect(app.tab.locator("h1").first).to_have_text(title)
    expect(app.tab.get_by_text(marker, exact=True).first).to_be_visible()
    if title in CHART_PAGES:
        charts = app.tab.locator('[data-testid="stPlotlyChart"]')
        expect(charts.first).to_be_visible()
        # A chart that rendered has plotted marks, not just axes.
        expect(charts.first.locator("g.trace, g.barlayer path, g.heatmaplayer image").first).to_be_attached()
    app.screenshot(f"page-{path or 'data'}")


def _ranking(app) -> list[tuple[str, float]]:
    header, rows = read_export(app.download(re.compile(r"^Download the [\d,]+ accounts")))
    assert Account.ID in header
    return [(row[Account.ID], float(row[Score.PRIORITY])) for row in rows]


def test_moving_a_weight_slider_reranks_the_accounts(app):
    app.open("accounts")
    before = _ranking(app)
    slider = app.tab.locator('[data-testid="stSlider"]').filter(has_text="Revenue potential")
    thumb = slider.locator('input[type="range"]').first
    start = float(thumb.input_value())
    for _ in range(6):  # 0.40 -> 0.70, one rerun per step as a keyboard user makes them
        thumb.focus()
        app.act(lambda: thumb.press("ArrowRight"))
    assert float(thumb.input_value()) == pytest.approx(start + 0.30)
    app.assert_no_exception()
    after = _ranking(app)
    assert sorted(before) != sorted(after), "moving the potential weight changed no priority"
    assert [i for i, _ in before[:20]] != [i for i, _ in after[:20]], "the top 20 did not re-rank"
    app.screenshot("accounts-after-weight-change")
