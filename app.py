"""Streamlit entry point: the router and nothing else. Run: ``streamlit run app.py``.

Pages are listed in the order of the flow a manager follows: load the data, see where the market
is and which deals we win, pick the accounts, share them out, then coach each rep.

This file is read twice. ``streamlit run`` first imports it as a module and finds ``app``, an
``st.App`` whose lifespan starts reading the default dataset as the server starts (``ui.preload``),
so the first visitor does not wait for it. Each browser session then runs it as ``__main__``:
the router below.
"""

from __future__ import annotations

import streamlit as st

if __name__ != "__main__":  # imported by the server: serve this file, reading the data meanwhile
    from ui.preload import lifespan

    app = st.App(__file__, lifespan=lifespan)
else:  # a session's run
    st.set_page_config(page_title="Strategic Account Planner", page_icon=":compass:", layout="wide")

    PAGES = {
        "Start": [
            st.Page("app_pages/data.py", title="Data", icon=":material/database:", default=True),
        ],
        "Understand": [
            st.Page("app_pages/segments.py", title="Segments", icon=":material/grid_view:"),
            st.Page("app_pages/ideal_profile.py", title="Ideal profile", icon=":material/target:"),
        ],
        "Plan": [
            st.Page("app_pages/accounts.py", title="Accounts", icon=":material/format_list_numbered:"),
            st.Page("app_pages/territories.py", title="Territories", icon=":material/map:"),
            st.Page("app_pages/coaching.py", title="Coaching", icon=":material/record_voice_over:"),
        ],
        "Help": [
            st.Page("app_pages/about.py", title="About the methods", icon=":material/help:"),
        ],
    }

    from ui import state  # imported here: the server imports this file without running the router

    page = st.navigation(PAGES)
    in_use = st.sidebar.empty()
    try:
        page.run()
    finally:  # after the page, which may have just loaded new files (also when it stops early)
        label, waiting = state.data_in_use()
        in_use.caption(
            f"Data in use: **{label}**"
            + (" (your files are not in use yet: see the Data page)" if waiting else "")
        )
