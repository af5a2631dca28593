"""Every ``st.session_state`` key in one place, with typed accessors.

Pages never invent keys; a user's choices (mapping, weights, filters,
tolerance, scenario) live here so they carry across pages.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

# Keys (one constant each; pages import the accessors, not the strings).
WORKSPACE = "workspace"


def get(key: str, default: Any = None) -> Any:
    return st.session_state.get(key, default)


def put(key: str, value: Any) -> None:
    st.session_state[key] = value
