"""AppTest: the app starts on the Data page, uploads and mapping edits work, bad files give a message."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui import state

ACCOUNTS = b"Company,Sector,Sub Sector,Headcount\nAcme,Tech,Software,120\nBeta,Retail,Shops,40\n"
DEALS = b"Deal ID,Company,Stage,Amount\nD1,Acme,Closed Won,100\nD2,Beta,Proposal,50\n"

APP = str(Path(__file__).resolve().parents[2] / "app.py")
pytestmark = pytest.mark.xdist_group("app")


@pytest.fixture
def app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=120).run()


def _upload(app: AppTest, label_start: str, name: str, data: bytes) -> AppTest:
    """Switch to own files and upload one file into the uploader whose label starts with ``label_start``."""
    if app.radio[0].value != "My CRM export":
        app.radio[0].set_value("My CRM export").run()
    uploader = next(u for u in app.file_uploader if u.label.startswith(label_start))
    uploader.set_value((name, data, "text/csv"))
    return app.run()


def test_app_loads_on_the_data_page_with_the_demo(app: AppTest) -> None:
    assert not app.exception
    assert app.title[0].value == "Data"
    metrics = {m.label: m.value for m in app.metric}
    assert int(metrics["Accounts"].replace(",", "")) >= 5000
    assert any("Demo data" in c.value for c in app.caption)
    assert any(s.label == "Account name *" for s in app.selectbox)
    assert app.session_state["workspace"].label == "Demo data"
    notes = len(app.session_state["workspace"].report.problems)
    noun = "note" if notes == 1 else "notes"
    assert app.success[0].value == f"No problems found. {notes} {noun} on how the data was read below."


def test_first_view_has_no_data_grid_and_the_preview_is_built_when_opened(app: AppTest) -> None:
    """The report is a static table; the 1,000-row preview waits until its expander is opened."""
    assert len(app.dataframe) == 0 and len(app.table) == 1
    assert any(e.label == "Preview the cleaned tables" for e in app.expander)
    app.session_state[state.PREVIEW_OPEN] = True
    app.run()
    assert not app.exception
    assert len(app.dataframe[0].value) == 1000


def test_upload_own_files_builds_the_workspace_and_report(app: AppTest) -> None:
    _upload(app, "Accounts", "accounts.csv", ACCOUNTS)
    _upload(app, "Opportunities", "deals.csv", DEALS)
    assert not app.exception
    assert not app.error
    workspace = app.session_state["workspace"]
    assert workspace.label == "accounts.csv, deals.csv"
    assert workspace.accounts["industry"].tolist() == ["Tech", "Retail"]
    assert {m.label: m.value for m in app.metric}["Opportunities"] == "2"


def test_editing_the_mapping_re_ingests(app: AppTest) -> None:
    _upload(app, "Accounts", "accounts.csv", ACCOUNTS)
    industry = next(s for s in app.selectbox if s.label == "Industry" and s.value == "Sector")
    industry.set_value("Sub Sector").run()
    assert not app.exception
    assert app.session_state["workspace"].accounts["industry"].tolist() == ["Software", "Shops"]
    assert any("Your choices: Industry ← Sub Sector" in c.value for c in app.caption)
    assert any("Read from **accounts.csv** (UTF-8, comma-separated)" in c.value for c in app.caption)


def test_unusable_file_shows_a_message_and_keeps_the_previous_data(app: AppTest) -> None:
    _upload(app, "Opportunities", "deals.csv", b"Deal,Value\nD1,5\n")
    assert not app.exception
    assert any("Columns found: Deal, Value" in e.value for e in app.error)
    assert any(s.label == "Stage *" for s in app.selectbox)  # the user can pick the missing column
    assert app.session_state["workspace"].label == "Demo data"


def test_choosing_the_missing_column_on_the_page_makes_the_file_usable(app: AppTest) -> None:
    _upload(app, "Opportunities", "deals.csv", b"Deal,Account,Phase\nD1,Acme,Closed Won\nD2,Beta,Demo\n")
    assert any("Stage" in e.value for e in app.error)
    stage = next(s for s in app.selectbox if s.label == "Stage *")
    stage.set_value("Phase").run()
    assert not app.exception and not app.error
    workspace = app.session_state["workspace"]
    assert workspace.opportunities["outcome"].tolist() == ["won", "open"]
    assert workspace.report.mapping("opportunities")["stage"] == "Phase"


def test_binary_upload_is_a_message_not_a_traceback(app: AppTest) -> None:
    _upload(app, "Accounts", "accounts.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert not app.exception
    assert any("binary data" in e.value for e in app.error)


def test_remapping_the_demo_changes_the_active_workspace(app: AppTest) -> None:
    owner = next(s for s in app.selectbox if s.label == "Account owner")
    owner.set_value("(not in my file)").run()
    assert not app.exception
    workspace = app.session_state["workspace"]
    assert workspace.label == "Demo data" and workspace.accounts["owner"].isna().all()
    assert workspace.report.mapping("accounts")["owner"] is None


def test_other_pages_get_the_demo_through_state_workspace() -> None:
    def page() -> None:
        import streamlit as st

        from ui import state

        st.write(state.workspace().label)

    app = AppTest.from_function(page, default_timeout=120).run()
    assert not app.exception
    assert app.markdown[0].value == "Demo data"


def _expander(app: AppTest, start: str):
    return next(e for e in app.expander if e.label.startswith(start))


def test_the_mapping_expander_stays_open_while_its_columns_are_chosen(app: AppTest) -> None:
    """Its label counts the mapped columns, so each choice makes a new expander; it must not snap shut."""
    _upload(app, "Accounts", "accounts.csv", ACCOUNTS)
    before = _expander(app, "Accounts:")
    assert not before.proto.expanded  # nothing missing: closed at first
    owner = next(s for s in app.selectbox if s.label == "Account owner")
    owner.set_value("Sub Sector").run()
    after = _expander(app, "Accounts:")
    assert (before.label, after.label) == (
        "Accounts: 3 of 13 columns mapped",
        "Accounts: 4 of 13 columns mapped",
    )
    assert after.proto.expanded
    industry = next(s for s in app.selectbox if s.label == "Industry" and s.value == "Sector")
    industry.set_value("(not in my file)").run()
    assert _expander(app, "Accounts:").proto.expanded
    app.session_state[state.mapping_expander_key("accounts")] = False  # the user closes it
    app.run()
    assert not _expander(app, "Accounts:").proto.expanded


def test_empty_rows_count_in_the_set_aside_delta_and_agree_with_the_report(app: AppTest) -> None:
    data = b"Company,Sector,Headcount\nAcme,Tech,120\n\nBeta,Retail,40\nAcme,Tech,5\n,,\nGamma,Retail,3\n"
    _upload(app, "Accounts", "accounts.csv", data)
    assert not app.exception and not app.error
    accounts = next(m for m in app.metric if m.label == "Accounts")
    assert (accounts.value, accounts.proto.delta) == ("3", "-3 set aside")
    report = app.table[0].value
    skipped = report[report["What we did"] == "skipped"]
    assert skipped["Rows"].astype(int).sum() == 3
    empty = skipped[skipped["What we found"].str.startswith("empty row")]
    assert empty["Row numbers (as Excel shows them)"].tolist() == ["3, 6"]
    assert any(c.value.startswith("3 rows set aside in all") for c in app.caption)


def test_the_report_table_has_readable_headers_and_the_encoding_a_readable_name(app: AppTest) -> None:
    _upload(app, "Accounts", "accounts.csv", b"\xef\xbb\xbf" + ACCOUNTS)
    assert list(app.table[0].value.columns) == [
        "Level", "Table", "File", "Column", "Rows", "What we found", "What we did",
        "Row numbers (as Excel shows them)",
    ]  # fmt: skip
    assert any("Read from **accounts.csv** (UTF-8 with BOM, comma-separated)" in c.value for c in app.caption)
