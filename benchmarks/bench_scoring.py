"""Scoring speed: 1M accounts through ``planner score`` CSV to CSV, and in-memory re-weighting at 1M and 10M.

Run: ``python benchmarks/bench_scoring.py [--accounts 1000000] [--big 10000000]`` (a few minutes).

Printed beside a floor measured in the same run:
- CSV to CSV: ``planner score --accounts F --opportunities F --out F`` (ingest, fit on the
  demo's closed deals, predict 1M accounts, weigh, reasons, Excel-safe CSV) vs a bare
  ``pandas.read_csv`` + ``to_csv`` of the same accounts file. Target: at most 2x. Both run
  as fresh processes timed end to end (a floor timed inside this process would reuse the
  memory this process already touched while writing the file, which a CLI run cannot),
  interleaved ``--repeat`` times; the best time of each is compared.
- In memory: fitting happens once on the closed deals; predicting components for 1M
  accounts is vectorised lookups; re-weighting (priority, tiers, top 100 by argpartition)
  is what a slider move costs. Targets: 1M < 0.5 s, 10M < 8 s (10M = the 1M components
  repeated ten times: the cost of weighting does not depend on the values).
- Peak memory (max RSS) of the CLI run. Target: < 4 GB at 1M.

The accounts file holds the demo's 6,000 accounts (so the demo's deals link to them)
plus synthetic accounts from ``planner.demo.synthetic_accounts``.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from planner.demo import synthetic_accounts  # noqa: E402
from planner.paths import DEMO_DIR  # noqa: E402
from planner.schema import Account, Score  # noqa: E402
from planner.scoring import ScoreModel, TierRule, Weights, rank, top_n  # noqa: E402
from planner.scoring.explain import explain  # noqa: E402
from planner.workspace import Workspace  # noqa: E402

DERIVED = [Account.SIZE_BAND, Account.SEGMENT]
BARE_IO = "import sys, pandas as pd; pd.read_csv(sys.argv[1]).to_csv(sys.argv[2], index=False)"
FAST = ["--no-lookalike", "--no-backtest"]


def timed(label: str, work, *args, **kwargs):
    start = time.perf_counter()
    value = work(*args, **kwargs)
    seconds = time.perf_counter() - start
    print(f"  {label:<58} {seconds:8.2f} s")
    return value, seconds


def write_accounts(path: Path, demo: Workspace, n: int) -> pd.DataFrame:
    synthetic = synthetic_accounts(n - len(demo.accounts), seed=1)
    accounts = pd.concat([demo.accounts, synthetic], ignore_index=True)
    accounts.drop(columns=DERIVED).to_csv(path, index=False)
    return accounts


def _run(command: list[str]) -> tuple[float, float]:
    """Run ``command`` in a fresh process: (seconds, its peak RSS in GB)."""
    start = time.perf_counter()
    with subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL) as process:
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command)
    return time.perf_counter() - start, usage.ru_maxrss / 1024**2


def csv_to_csv(folder: Path, accounts_csv: Path, extra: list[str]) -> tuple[float, float]:
    """``planner score`` CSV to CSV in a fresh process: (seconds, peak RSS in GB)."""
    out = folder / "scored.csv"
    seconds, peak = _run(
        [
            sys.executable,
            "-m",
            "planner",
            "score",
            "--accounts",
            str(accounts_csv),
            "--opportunities",
            str(DEMO_DIR / "opportunities.csv"),
            "--out",
            str(out),
            "--top",
            "0",
            *extra,
        ]
    )
    rows = sum(1 for _ in out.open(encoding="utf-8-sig")) - 1
    label = f"planner score {' '.join(extra)}"
    print(f"    {label:<56} {seconds:8.2f} s  ({rows:,} rows written, {peak:.2f} GB)")
    return seconds, peak


def bare_io(accounts_csv: Path, folder: Path) -> float:
    """The floor: ``pandas.read_csv`` + ``to_csv`` of the same file in a fresh process, like the CLI."""
    seconds, _ = _run([sys.executable, "-c", BARE_IO, str(accounts_csv), str(folder / "bare.csv")])
    print(f"    {'bare pandas read_csv + to_csv (fresh process)':<56} {seconds:8.2f} s")
    return seconds


def tile(components: pd.DataFrame, times: int) -> pd.DataFrame:
    columns = [Account.OWNER, Score.POTENTIAL_PCT, Score.FIT_PCT, Score.MARKET_PCT]
    return pd.DataFrame({c: np.tile(components[c].to_numpy(), times) for c in columns})


def reweigh(components: pd.DataFrame, weights: Weights, rule: TierRule) -> np.ndarray:
    ranked = rank(components, weights, rule)
    return top_n(ranked[Score.PRIORITY].to_numpy(), 100)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1_000_000)
    parser.add_argument("--big", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="CSV-to-CSV runs; the best of each is compared")
    args = parser.parse_args()
    demo = Workspace.demo()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        accounts_csv = folder / "accounts.csv"
        print(f"CSV to CSV, {args.accounts:,} accounts ({accounts_csv.name})")
        accounts, _ = timed(
            "writing the synthetic accounts file (setup, not timed)",
            write_accounts,
            accounts_csv,
            demo,
            args.accounts,
        )
        size_mb = accounts_csv.stat().st_size / 1e6
        print(f"  file size {size_mb:,.0f} MB")
        runs = []
        for attempt in range(1, args.repeat + 1):  # interleaved, so a busy spell hits all three alike
            print(f"  run {attempt} of {args.repeat}")
            bare = bare_io(accounts_csv, folder)
            fast, fast_peak = csv_to_csv(folder, accounts_csv, FAST)
            full, full_peak = csv_to_csv(folder, accounts_csv, [])
            runs.append((bare, fast, full))
        floor, fast, full = (min(times) for times in zip(*runs, strict=True))
        print(
            f"  best of {args.repeat}: bare {floor:.2f} s, planner score {fast:.2f} s without "
            f"lookalike/backtest, {full:.2f} s with both"
        )
        print(
            f"  ratio to bare I/O: {fast / floor:.2f}x without lookalike/backtest, {full / floor:.2f}x with "
            f"both (target <= 2x)"
        )
        print(f"  peak memory (max RSS of the CLI): {fast_peak:.2f} GB / {full_peak:.2f} GB (target < 4 GB)")

    print(f"\nIn memory, {len(accounts):,} accounts")
    model, _ = timed(
        "fit on the demo's closed deals (once per dataset)",
        ScoreModel().fit,
        demo.accounts,
        demo.opportunities,
    )
    components, _ = timed(
        "predict components (potential, fit, market, percentiles)",
        model.components,
        accounts,
        reference=demo.market,
    )
    weights = Weights(0.5, 0.3, 0.2)
    _, one = timed(
        "re-weight: priority + quantile tiers + top 100", reweigh, components.frame, weights, TierRule()
    )
    timed(
        "re-weight: priority + top-25-per-rep tiers + top 100",
        reweigh,
        components.frame,
        weights,
        TierRule(kind="top", per_rep=25),
    )
    timed("reasons for every account (vectorised)", explain, components, model, weights)
    big = tile(components.frame, max(1, args.big // len(accounts)))
    _, ten = timed(
        f"re-weight {len(big):,}: priority + quantile tiers + top 100", reweigh, big, weights, TierRule()
    )
    print(f"  targets: 1M re-weight {one:.2f} s (< 0.5 s), {len(big) // 1_000_000}M {ten:.2f} s (< 8 s)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    print(f"  peak memory of this process (incl. the {len(big) // 1_000_000}M copy): {peak:.2f} GB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
