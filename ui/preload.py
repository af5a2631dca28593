"""The dataset the app opens on, read once per server process, starting when the server starts.

Streamlit runs a page script only when a browser connects, so without this the first visitor
would wait for Python to import pandas and ingest the whole export (a second or two at 50,000
accounts) after the page shell had already loaded. ``app.py`` hands ``lifespan`` to ``st.App``;
the server then reads the data in a background thread while it starts and while the browser
loads the page, and the first session finds it ready or nearly so.

Outside that server (``AppTest``, a plain script) the first call starts the same read and waits.
The served app also keeps the workspace on disk (``ui.snapshot``) for its next restart.

Once the Data page has been drawn, ``warm_up`` prepares the next pages the same way: the modelling
libraries and the default scoring are computed while the user reads the data report.
"""

from __future__ import annotations

import importlib
import threading
import time
from collections.abc import AsyncIterator
from concurrent.futures import Future
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from planner.workspace import Workspace

_lock = threading.Lock()
_default: Future[Workspace] | None = None
# Set by the server's lifespan: only a served app keeps a snapshot and warms up (tests and scripts
# ingest and compute on demand, so they always exercise the real path).
_serving = False


def start() -> Future[Workspace]:
    """Start reading the default dataset in a background thread (once per process) and return its future."""
    global _default
    with _lock:
        if _default is None:
            _default = Future()
            threading.Thread(target=_read, args=(_default,), name="planner-preload", daemon=True).start()
        return _default


def _read(future: Future[Workspace]) -> None:
    future.set_running_or_notify_cancel()
    try:
        from planner.workspace import Workspace
        from ui import snapshot

        stored = snapshot.load() if _serving else None  # a served app restarts on the same export
        workspace = stored or Workspace.demo()
        workspace.version  # noqa: B018 (memoised here: the Data page shows it and every cache keys on it)
    except BaseException as error:  # handed to whoever waits: the Data page shows an InputError
        future.set_exception(error)
        return
    future.set_result(workspace)
    if _serving and stored is None:
        snapshot.store(workspace)  # once the sessions have their data: a million accounts take seconds


def default_workspace() -> Workspace:
    """The default dataset (``PLANNER_DATASET_DIR`` or the bundled demo); waits while it is being read.

    A failed read (an unreadable nightly export, say) is not kept: the next call reads the files again.
    """
    global _default
    future = start()
    try:
        return future.result()
    except BaseException:
        with _lock:
            if _default is future:
                _default = None
        raise


_warmed: set[str] = set()
WARM_UP_DELAY_S = 2.0
# What the other pages import: scikit-learn and SciPy alone take a second and a half.
PAGE_MODULES = (
    "planner.scoring.result",  # the package itself imports its modules lazily
    "planner.scoring.backtest",
    "planner.icp",
    "planner.coaching",
    "planner.territories",
    "planner.storage",
    "planner.charts.scoring",
    "planner.charts.icp",
    "planner.charts.territories",
)


def warm_up(workspace: Workspace) -> None:
    """Prepare the next pages in a background thread while the user reads the Data page.

    Once per dataset version: import the modelling libraries, then compute the default scoring
    (ideal profile, fitted models, weights) and the backtest through ``ui.cached``, so the first visit
    to Accounts finds them ready. A session that arrives sooner waits on the same cache entries (one
    computation, never two) and its progress box shows each step finishing.
    """
    if not _serving:
        return
    with _lock:
        if workspace.version in _warmed:
            return
        _warmed.add(workspace.version)
    threading.Thread(target=_warm, args=(workspace,), name="planner-warm-up", daemon=True).start()


def _warm(workspace: Workspace) -> None:
    # The browser is still fetching the first page's element code from this process: let it finish
    # before importing scikit-learn takes the interpreter for a second.
    time.sleep(WARM_UP_DELAY_S)
    for module in PAGE_MODULES:
        importlib.import_module(module)
    from ui import cached

    cached.prepare_default_scores(workspace)


@asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    """``st.App`` lifespan: start reading the data as the server starts; nothing to release at shutdown."""
    global _serving
    _serving = True
    start()
    yield
