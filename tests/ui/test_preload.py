"""The default dataset is read once per process, from server start, and a failed read is tried again."""

import asyncio
import shutil
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import streamlit as st

from planner.errors import InputError
from planner.paths import DEMO_DIR
from planner.workspace import Workspace
from ui import cached, preload


@pytest.fixture
def fresh(monkeypatch):
    """No read started yet in this process (other tests may have started one), and no server."""
    monkeypatch.setattr(preload, "_default", None)
    monkeypatch.setattr(preload, "_serving", False)
    monkeypatch.setattr(preload, "_warmed", set())


def test_read_once_and_shared(fresh, demo_workspace):
    first = preload.default_workspace()
    assert first is preload.default_workspace(), "a second session must not read the files again"
    assert first.version == demo_workspace.version
    assert len(first.accounts) == len(demo_workspace.accounts)


def test_the_server_lifespan_starts_the_read_before_any_session(fresh):
    async def serve() -> None:
        async with preload.lifespan(None):
            assert preload._default is not None, "lifespan must start reading before the first visitor"

    # On a thread of its own: a browser test earlier in this worker may leave an event loop running here.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, serve()).result()
    assert isinstance(preload._default.result(timeout=120), Workspace)


def test_a_failed_read_is_reported_then_tried_again(fresh, monkeypatch, tmp_path):
    monkeypatch.setenv("PLANNER_DATASET_DIR", str(tmp_path))
    with pytest.raises(InputError, match=r"accounts\.csv"):
        preload.default_workspace()
    for name in ("accounts.csv", "opportunities.csv", "reps.csv"):
        shutil.copy(DEMO_DIR / name, tmp_path / name)
    assert len(preload.default_workspace().accounts) > 0, "the export fixed on disk is read on the next call"


def test_warm_up_prepares_the_default_scoring_once_and_only_in_a_server(fresh, monkeypatch, demo_workspace):
    monkeypatch.setattr(preload, "WARM_UP_DELAY_S", 0.0)
    st.cache_data.clear()  # an earlier test's entry for the demo would be a hit that leaves _memo empty
    st.cache_resource.clear()
    monkeypatch.setattr(cached, "_fitted", set())
    finished: list[threading.Event] = []
    warm = preload._warm

    def spy(workspace):
        warm(workspace)
        finished[-1].set()

    monkeypatch.setattr(preload, "_warm", lambda workspace: spy(workspace))
    finished.append(threading.Event())
    preload.warm_up(demo_workspace)
    assert not finished[0].wait(timeout=1), "no warm-up outside a served app (tests, scripts)"
    monkeypatch.setattr(preload, "_serving", True)
    preload.warm_up(demo_workspace)
    assert finished[0].wait(timeout=300)
    finished.append(threading.Event())
    preload.warm_up(demo_workspace)
    assert not finished[1].wait(timeout=1), "one warm-up per dataset version"
    assert ("ideal_profile", None, 0) in demo_workspace._memo
    assert ("backtest", 0.75) in demo_workspace._memo
    assert (demo_workspace.version, True, None) in cached._fitted, "first visit: no progress box"
    assert all(module in sys.modules for module in preload.PAGE_MODULES)
    assert "sklearn.linear_model" in sys.modules, "the models' library is loaded ahead of the first visit"
