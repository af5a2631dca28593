"""Long first computations shown as named steps in an ``st.status``: what runs now, what is done, in how long.

A bare spinner over a ten-second fit tells a manager nothing; a list that ticks off "clustering the
closed deals", "fitting the models"... shows the app is working and where the time goes.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

RUNNING, DONE, STOPPED = ":material/progress_activity:", ":material/check_circle:", ":material/cancel:"


class Steps:
    """The step list inside one status box; each ``step`` shows as running, then done with its duration."""

    def done(self, text: str) -> None:
        """A step already done before the box opened (e.g. the data was read on the Data page)."""
        st.markdown(f"{DONE} {text}")

    @contextmanager
    def step(self, text: str) -> Iterator[None]:
        line = st.empty()
        line.markdown(f"{RUNNING} {text}...")
        started = time.perf_counter()
        try:
            yield
        except Exception:
            line.markdown(f"{STOPPED} {text}: stopped here")  # not left spinning beside the error
            raise
        line.markdown(f"{DONE} {text} ({time.perf_counter() - started:.1f} s)")


@contextmanager
def steps(label: str, done_label: str) -> Iterator[Steps]:
    """An open status box titled ``label``; on success it folds up as ``done_label`` plus the total time."""
    started = time.perf_counter()
    with st.status(label, expanded=True) as status:
        try:
            yield Steps()
        except Exception:
            status.update(label=f"{label.rstrip('.')}: stopped", state="error", expanded=True)
            raise
        status.update(
            label=f"{done_label} in {time.perf_counter() - started:.1f} s", state="complete", expanded=False
        )
