"""``streamlit run app.py`` serves the router through ``st.App`` so the data is read from server start."""

from __future__ import annotations

import runpy
from pathlib import Path

import streamlit as st
from streamlit.web.server.app_discovery import discover_asgi_app

from ui import preload

APP = Path(__file__).resolve().parents[2] / "app.py"


def test_streamlit_run_finds_the_st_app_that_preloads_the_data() -> None:
    found = discover_asgi_app(APP)
    assert found.is_asgi_app and found.import_string == "app:app", "streamlit run would skip the preload"
    served = runpy.run_path(str(APP), run_name="app")  # how the server imports it
    assert isinstance(served["app"], st.App)
    assert served["app"]._user_lifespan is preload.lifespan
    assert "PAGES" not in served, "the router runs in sessions only, not when the server imports the file"
