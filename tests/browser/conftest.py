"""Serve the real app on localhost and drive it in Debian's headless Chromium.

Playwright cannot download its own browser on these machines, so we point it at
``/usr/bin/chromium``; the tests skip with a reason when that is absent.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts" / "screenshots"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"app at {url} not healthy after {timeout:.0f} s")


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    env = dict(os.environ, PLANNER_DATA_DIR=str(tmp_path_factory.mktemp("planner-data")))
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="session")
def browser():
    chromium = shutil.which("chromium")
    if not chromium:
        pytest.skip("Debian's chromium is not installed (scripts/setup.sh test installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


class RunWatcher:
    """Times and awaits script runs from the app's own websocket messages.

    The DOM's ``data-test-script-state`` can skip ``running`` entirely when a run is short (React
    batches both updates), so a wait on it can miss a run. The protocol does not: the browser sends
    ``rerun_script`` and the server answers ``script_finished``, each stamped here on arrival.
    """

    def __init__(self, tab) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self._back, self._forward = BackMsg, ForwardMsg
        self._done = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
        self.tab = tab
        self.requests: list[float] = []
        self.finished: list[float] = []
        tab.on("websocket", self._attach)

    def _attach(self, socket) -> None:
        socket.on("framesent", self._sent)
        socket.on("framereceived", self._received)

    def _sent(self, payload) -> None:
        if isinstance(payload, bytes) and self._back.FromString(payload).WhichOneof("type") == "rerun_script":
            self.requests.append(time.perf_counter())

    def _received(self, payload) -> None:
        if not isinstance(payload, bytes):
            return
        message = self._forward.FromString(payload)
        if message.WhichOneof("type") == "script_finished" and message.script_finished in self._done:
            self.finished.append(time.perf_counter())

    def wait(self, since: float, timeout_s: float = 600) -> tuple[float, float]:
        """Seconds from ``since``, and from the first rerun request after it, to the next finished run."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            ends = [t for t in self.finished if t > since]
            if ends:
                asked = [t for t in self.requests if since < t <= ends[0]]
                return ends[0] - since, ends[0] - (asked[0] if asked else since)
            self.tab.wait_for_timeout(10)  # lets Playwright deliver the websocket events
        raise TimeoutError(f"the app did not finish a run within {timeout_s:.0f} s")


class AppTab:
    """One browser session of the app: open pages, act and wait for the run, download, screenshot."""

    def __init__(self, tab, url: str) -> None:
        self.tab = tab
        self.url = url
        self.runs = RunWatcher(tab)

    def act(self, action, timeout_s: float = 300) -> None:
        """Do ``action`` (a click, a key press...) and wait until the run it triggers has finished."""
        since = time.perf_counter()
        action()
        self.runs.wait(since, timeout_s)
        self.wait_rendered()

    def wait_rendered(self) -> None:
        """Wait until no spinner runs and no element still shows its loading skeleton (lazy JS chunk)."""
        self.tab.wait_for_function(
            '() => !document.querySelector(\'[data-testid="stSpinner"], [data-testid="stSkeleton"]\')'
        )

    def open(self, path: str = "") -> None:
        """Load the app at a page's URL path (a new session: choices made before are gone)."""
        self.act(lambda: self.tab.goto(f"{self.url}/{path}"))

    def navigate(self, title: str) -> None:
        """Follow a sidebar link, as a user does: the session and its choices carry over."""
        self.act(lambda: self.tab.get_by_role("link", name=title, exact=True).first.click())

    def download(self, button: str | re.Pattern) -> bytes:
        """Click a download button and return the file's bytes.

        Waits until no script run is under way first: a button drawn by a run that is then replaced
        serves its file from a callable the server has already dropped, and no download starts. For
        the same reason the click itself must not rerun the page (``on_click="ignore"``): that rerun
        raced the file's fetch and lost under load.
        """
        self.tab.wait_for_function(
            "() => !document.querySelector('[data-testid=\"stStatusWidgetRunningIcon\"]')", timeout=300_000
        )
        self.wait_rendered()
        since = time.perf_counter()
        with self.tab.expect_download() as event:
            self.tab.get_by_role("button", name=button).first.click()
        data = Path(event.value.path()).read_bytes()
        assert not [t for t in self.runs.requests if t > since], f"clicking {button!r} reran the page"
        return data

    def assert_no_exception(self) -> None:
        errors = self.tab.locator('[data-testid="stException"]')
        assert errors.count() == 0, errors.first.inner_text()

    def screenshot(self, name: str) -> Path:
        """Save a screenshot of the whole page as a test artefact and return its path.

        Streamlit scrolls inside its main container, so a "full page" screenshot would stop at the
        window: the window is made as tall as the content for the shot, then put back.
        """
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.wait_rendered()
        size = self.tab.viewport_size
        height = self.tab.evaluate(
            '() => Math.max(...[...document.querySelectorAll(\'[data-testid="stMain"], '
            '[data-testid="stSidebarContent"]\')].map(e => e.scrollHeight), 0)'
        )
        tall = min(max(height, size["height"]), 12_000)
        self.tab.set_viewport_size({"width": size["width"], "height": tall})
        self.tab.wait_for_timeout(300)  # charts re-lay out to the new window
        self.tab.screenshot(path=str(path), full_page=True)
        self.tab.set_viewport_size(size)
        return path


@pytest.fixture
def app(browser, app_url) -> Iterator[AppTab]:
    """A fresh browser session on the served app (its own Streamlit session, shared server caches)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    yield AppTab(tab, app_url)
    context.close()


FORMULA_START = re.compile(r"^[=+\-@\t\r]")


def read_export(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a downloaded CSV, after checking it is the Excel-safe UTF-8 with a BOM."""
    assert data.startswith(b"\xef\xbb\xbf"), "CSV without a UTF-8 BOM: Excel would garble accents"
    reader = csv.DictReader(io.StringIO(data[3:].decode("utf-8"), newline=""))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def formula_cells(rows: list[dict[str, str]]) -> list[str]:
    """Cells a spreadsheet would run as a formula (numbers such as -3.5 are numbers, not formulas)."""

    def is_number(cell: str) -> bool:
        try:
            float(cell)
        except ValueError:
            return False
        return True

    cells = (cell or "" for row in rows for cell in row.values())
    return [cell for cell in cells if FORMULA_START.match(cell) and not is_number(cell)]
