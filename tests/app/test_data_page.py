"""AppTest: the app starts on the Data page, uploads and mapping edits work, bad files give a message."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ACCOUNTS = b"Company,Sector,Sub Sector,Headcount\nAcme,Tech,Software,120\nBeta,Retail,Shops,40\n"
DEALS = b"Deal ID,Company,Stage,Amount\nD1,Acme,Closed Won,100\nD2,Beta,Proposal,50\n"

APP = str(Path(__file__).resolve().parents[2] / "app.py")
pytestmark = pytest.mark.xdist_group("app")


@pytest.fixture
def app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=120).run()


def _uploader(app: AppTest, label_start: str):
    return next(u for u in app.file_uploader if u.label.startswith(label_start))


def test_app_loads_on_the_data_page_with_the_demo(app: AppTest) -> None:
    assert not app.exception
    assert app.title[0].value == "Data"
    metrics = {m.label: m.value for m in app.metric}
    assert int(metrics["Accounts"].replace(",", "")) >= 5000
    assert any("Demo data" in c.value for c in app.caption)
    assert any(s.label == "Account name *" for s in app.selectbox)
    assert app.session_state["workspace"].label == "Demo data"


def test_upload_own_files_builds_the_workspace_and_report(app: AppTest) -> None:
    app.radio[0].set_value("My CRM export").run()
    _uploader(app, "Accounts").set_value(("accounts.csv", ACCOUNTS, "text/csv"))
    _uploader(app, "Opportunities").set_value(("deals.csv", DEALS, "text/csv"))
    app.run()
    assert not app.exception
    assert not app.error
    workspace = app.session_state["workspace"]
    assert workspace.label == "accounts.csv, deals.csv"
    assert workspace.accounts["industry"].tolist() == ["Tech", "Retail"]
    assert {m.label: m.value for m in app.metric}["Opportunities"] == "2"


def test_editing_the_mapping_re_ingests(app: AppTest) -> None:
    app.radio[0].set_value("My CRM export").run()
    _uploader(app, "Accounts").set_value(("accounts.csv", ACCOUNTS, "text/csv"))
    app.run()
    industry = next(s for s in app.selectbox if s.label == "Industry" and s.value == "Sector")
    industry.set_value("Sub Sector").run()
    assert not app.exception
    assert app.session_state["workspace"].accounts["industry"].tolist() == ["Software", "Shops"]


def test_unusable_file_shows_a_message_and_keeps_the_previous_data(app: AppTest) -> None:
    app.radio[0].set_value("My CRM export").run()
    _uploader(app, "Opportunities").set_value(("deals.csv", b"Deal,Value\nD1,5\n", "text/csv"))
    app.run()
    assert not app.exception
    assert any("Columns found: Deal, Value" in e.value for e in app.error)
    assert any(s.label == "Stage *" for s in app.selectbox)  # the user can pick the missing column
    assert app.session_state["workspace"].label == "Demo data"


def test_binary_upload_is_a_message_not_a_traceback(app: AppTest) -> None:
    app.radio[0].set_value("My CRM export").run()
    _uploader(app, "Accounts").set_value(("accounts.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "text/csv"))
    app.run()
    assert not app.exception
    assert any("binary data" in e.value for e in app.error)


def test_other_pages_get_the_demo_through_state_workspace() -> None:
    def page() -> None:
        import streamlit as st

        from ui import state

        st.write(state.workspace().label)

    app = AppTest.from_function(page, default_timeout=120).run()
    assert not app.exception
    assert app.markdown[0].value == "Demo data"
