"""App speed with 50,000 accounts, measured in a real browser.

Prints: server start, first page shown and first page loaded (the Data page's report,
after ingest), the first (uncached) visit to Accounts (fitting the scores), a weight-slider
move once the fit is cached (timed from the app's websocket messages: the browser's rerun
request to the server's script_finished), and the switch to Segments, beside the floor of
a bare pandas read of the same CSV files.
Targets (issue 7): first page < 3 s after start; a cached widget change < 0.5 s.

The server starts reading the data when it starts (``ui.preload``), so the first page's figures
are timed from the browser's navigation, which starts the moment the server answers its health
check (the browser is already open), AND from the process start (the honest cold start: server
start + read + first page). Accounts is opened as soon as the first page has finished: the
background warm-up started by the Data page has had no head start, so its figure is the uncached
worst case. Last, the server is started again on the same export and data directory: the first
page after a restart, whose workspace comes from the disk snapshot (``ui.snapshot``).
The machine's load average is printed at the start and the end: on a shared 2-core box every
figure moves with it.

Run: python benchmarks/bench_app.py [--accounts 50000]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from tests.browser.conftest import CHROMIUM_FLAGS, RunWatcher, _free_port, _wait_healthy  # noqa: E402

DEMO = REPO_ROOT / "data" / "demo"


def scaled_export(folder: Path, n_accounts: int) -> None:
    """The demo export repeated until it has ``n_accounts`` accounts (new ids, same structure)."""
    accounts = pd.read_csv(DEMO / "accounts.csv", dtype=str, encoding="utf-8-sig")
    deals = pd.read_csv(DEMO / "opportunities.csv", dtype=str, encoding="utf-8-sig")
    copies = int(np.ceil(n_accounts / len(accounts)))
    acc_parts, deal_parts = [], []
    for k in range(copies):
        a, d = accounts.copy(), deals.copy()
        for frame, column in ((a, "Account ID"), (a, "Parent Account ID"), (d, "Account ID")):
            frame[column] = frame[column].where(frame[column].isna(), frame[column] + f"-{k}")
        a["Account Name"] = a["Account Name"] + f" {k}"
        d["Account Name"] = d["Account Name"] + f" {k}"
        d["Opportunity ID"] = d["Opportunity ID"] + f"-{k}"
        acc_parts.append(a)
        deal_parts.append(d)
    pd.concat(acc_parts).head(n_accounts).to_csv(folder / "accounts.csv", index=False)
    kept = set(pd.concat(acc_parts).head(n_accounts)["Account ID"])
    all_deals = pd.concat(deal_parts)
    all_deals[all_deals["Account ID"].isin(kept)].to_csv(folder / "opportunities.csv", index=False)
    reps = pd.read_csv(DEMO / "reps.csv", dtype=str, encoding="utf-8-sig")
    reps["Capacity"] = str(int(np.ceil(n_accounts / len(reps) * 1.25)))
    reps.to_csv(folder / "reps.csv", index=False)


def _wait_drawn(tab) -> None:
    """Until no spinner runs and no element still shows its loading skeleton (its JS chunk)."""
    tab.wait_for_function(
        '() => !document.querySelector(\'[data-testid="stSpinner"], [data-testid="stSkeleton"]\')'
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=50_000)
    args = parser.parse_args()
    chromium = shutil.which("chromium")
    if not chromium:
        print("chromium not installed: run scripts/setup.sh test first")
        return 1
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "export"
        folder.mkdir()
        scaled_export(folder, args.accounts)
        started = time.perf_counter()
        pd.read_csv(folder / "accounts.csv")
        pd.read_csv(folder / "opportunities.csv")
        floor = time.perf_counter() - started
        n_deals = len(pd.read_csv(folder / "opportunities.csv", usecols=[0]))
        print(f"dataset: {args.accounts:,} accounts, {n_deals:,} opportunities")
        print(f"machine load (1-min average) at start      {os.getloadavg()[0]:6.2f}, {os.cpu_count()} cores")
        print(f"floor: bare pandas read of both CSVs        {floor:6.2f} s")

        port = _free_port()
        env = {**os.environ, "PLANNER_DATASET_DIR": str(folder), "PLANNER_DATA_DIR": tmp}
        url = f"http://127.0.0.1:{port}"
        # The browser is open before the server starts: "from process start" then times the server and
        # the app, not Chromium's own launch.
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_FLAGS)
            tab = browser.new_page(viewport={"width": 1400, "height": 1000})
            runs = RunWatcher(tab)
            t0 = time.perf_counter()
            server = _serve(port, env)
            try:
                _wait_healthy(url, server)
                print(f"server start (process to healthy)          {time.perf_counter() - t0:6.2f} s")
                t1 = time.perf_counter()
                tab.goto(url)
                tab.get_by_role("heading", name="Data").first.wait_for(timeout=600_000)
                paint = time.perf_counter() - t1
                print(f"first page shown (title, loading spinner)  {paint:6.2f} s")
                tab.wait_for_selector('[data-testid="stMetric"]', timeout=600_000)
                load = time.perf_counter() - t1
                print(f"first page load (Data, with ingest)        {load:6.2f} s  target < 3 s")
                print(f"  the same from the server process start   {time.perf_counter() - t0:6.2f} s")
                runs.wait(t1)
                _wait_drawn(tab)
                print(f"first page complete (every element drawn)  {time.perf_counter() - t1:6.2f} s")
                since = time.perf_counter()
                tab.get_by_role("link", name="Accounts", exact=True).first.click()
                tab.get_by_text(re.compile(r"^Scor(ing|ed) [\d,]+ accounts")).first.wait_for(timeout=600_000)
                status = time.perf_counter() - since
                tab.get_by_text(re.compile(r"^Best [\d,]+ of")).first.wait_for(timeout=600_000)
                listed = time.perf_counter() - since
                visit, _ = runs.wait(since)
                print(f"first visit to Accounts: progress shown    {status:6.2f} s  (steps in a status box)")
                print(f"  prioritised list shown (fit, uncached)   {listed:6.2f} s")
                print(f"  page complete (with the backtest)        {visit:6.2f} s")
                slider = tab.locator('[data-testid="stSlider"] input[type="range"]').first
                presses, runs_only = [], []
                for key in ("ArrowRight", "ArrowLeft", "ArrowRight", "ArrowLeft", "ArrowRight"):
                    slider.focus()
                    since = time.perf_counter()
                    slider.press(key)
                    from_press, from_request = runs.wait(since)
                    presses.append(from_press)
                    runs_only.append(from_request)
                print(
                    f"weight slider move (cached fit), median    {statistics.median(runs_only):6.2f} s  "
                    f"target < 0.5 s (rerun request to run end; from the key press "
                    f"{statistics.median(presses):.2f} s)"
                )
                since = time.perf_counter()
                tab.get_by_role("link", name="Segments", exact=True).first.click()
                elapsed, _ = runs.wait(since)
                print(f"switch to Segments (cached scores)         {elapsed:6.2f} s")
                print(f"machine load (1-min average) at the end    {os.getloadavg()[0]:6.2f}")
            finally:
                server.terminate()
                server.wait(timeout=30)
            _restart(browser.new_page(viewport={"width": 1400, "height": 1000}), port, env)
            browser.close()
    return 0


def _serve(port: int, env: dict[str, str]) -> subprocess.Popen:
    """``streamlit run app.py`` as the README starts it, on ``port``."""
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.headless", "true", "--server.fileWatcherType", "none"],
        cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _restart(tab, port: int, env: dict[str, str]) -> None:
    """The same server started again on the same export: the workspace comes from its disk snapshot."""
    t0 = time.perf_counter()
    server = _serve(port, env)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_healthy(url, server)
        t1 = time.perf_counter()
        tab.goto(url)
        tab.wait_for_selector('[data-testid="stMetric"]', timeout=600_000)
        load = time.perf_counter() - t1
        print(f"after a restart (disk snapshot): first page {load:6.2f} s, from process start "
              f"{time.perf_counter() - t0:.2f} s")  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    raise SystemExit(main())
