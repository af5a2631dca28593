"""The only place with ``st.cache_data`` / ``st.cache_resource``.

Frames are passed as leading-underscore arguments (not hashed) and the
workspace ``version`` as a normal one: Streamlit hashes large frames from a
sample, so keying on the frame itself could return a stale result.
"""

from __future__ import annotations

import streamlit as st  # noqa: F401  (cached functions are added below by each capability)
