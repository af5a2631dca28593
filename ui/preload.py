"""The dataset the app opens on, read once per server process, starting when the server starts.

Streamlit runs a page script only when a browser connects, so without this the first visitor
would wait for Python to import pandas and ingest the whole export (a second or two at 50,000
accounts) after the page shell had already loaded. ``app.py`` hands ``lifespan`` to ``st.App``;
the server then reads the data in a background thread while it starts and while the browser
loads the page, and the first session finds it ready or nearly so.

Outside that server (``AppTest``, a plain script) the first call starts the same read and waits.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from concurrent.futures import Future
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from planner.workspace import Workspace

_lock = threading.Lock()
_default: Future[Workspace] | None = None


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

        future.set_result(Workspace.demo())
    except BaseException as error:  # handed to whoever waits: the Data page shows an InputError
        future.set_exception(error)


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


@asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    """``st.App`` lifespan: start reading the data as the server starts; nothing to release at shutdown."""
    start()
    yield
