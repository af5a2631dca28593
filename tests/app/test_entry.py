"""``streamlit run app.py`` serves the router through ``st.App`` so the data is read from server start."""

from __future__ import annotations

import runpy
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest
from streamlit.web.server.app_discovery import discover_asgi_app

from ui import preload, state

APP = Path(__file__).resolve().parents[2] / "app.py"


def test_streamlit_run_finds_the_st_app_that_preloads_the_data() -> None:
    found = discover_asgi_app(APP)
    assert found.is_asgi_app and found.import_string == "app:app", "streamlit run would skip the preload"
    served = runpy.run_path(str(APP), run_name="app")  # how the server imports it
    assert isinstance(served["app"], st.App)
    assert served["app"]._user_lifespan is preload.lifespan
    assert "PAGES" not in served, "the router runs in sessions only, not when the server imports the file"


def _sidebar_notes(app: AppTest) -> list[str]:
    return [caption.value for caption in app.sidebar.caption]


def test_every_page_says_which_data_is_in_use() -> None:
    """A user whose upload is not usable yet must not take the demo's figures for theirs."""
    app = AppTest.from_file(str(APP), default_timeout=120).run()
    assert not app.exception
    assert "Data in use: **Demo data**" in _sidebar_notes(app)
    app.session_state[state.SOURCES] = {}  # "My CRM export" chosen, nothing usable loaded
    app.switch_page("app_pages/segments.py").run()
    assert not app.exception
    assert any("Demo data** (your files are not in use yet" in note for note in _sidebar_notes(app))
