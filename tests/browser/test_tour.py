"""A user's tour in a real browser: every page, a weight slider, an upload and the downloads."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PAGES = {
    "Data": "data",
    "Segments": "segments",
    "Ideal profile": "ideal_profile",
    "Accounts": "accounts",
    "Territories": "territories",
    "Coaching": "coaching",
    "About the methods": "about",
}


def settle(tab, timeout_ms: int = 120_000) -> None:
    """Wait until Streamlit has finished the current script run and no spinner is left."""
    tab.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    tab.wait_for_timeout(400)  # let a rerun triggered by the last action start
    tab.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            const state = app && app.getAttribute('data-test-script-state');
            return state === 'notRunning' && !document.querySelector('[data-testid="stSpinner"]');
        }""",
        timeout=timeout_ms,
    )


def open_page(tab, app_url: str, title: str) -> None:
    tab.goto(app_url)
    settle(tab)
    tab.get_by_role("link", name=title, exact=True).first.click()
    settle(tab)


def assert_no_exception(tab) -> None:
    errors = tab.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.first.inner_text()


@pytest.mark.parametrize("title", list(PAGES))
def test_every_page_renders_on_the_demo(page, app_url, title):
    open_page(page, app_url, title)
    assert_no_exception(page)
    heading = page.locator("h1").first.inner_text()
    assert heading.strip(), f"page {title} has no title"
    screenshot(page, f"page-{PAGES[title]}")
