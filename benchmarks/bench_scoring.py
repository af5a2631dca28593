"""Scoring speed: 1M accounts through ``planner score`` CSV to CSV, and in-memory re-weighting at 1M and 10M.

Run: ``python benchmarks/bench_scoring.py [--accounts 1000000] [--big 10000000]`` (a few minutes).

Printed beside a floor measured in the same run:
- CSV to CSV: ``planner score --accounts F --opportunities F --out F`` (ingest, fit on the
  demo's closed deals, predict 1M accounts, weigh, reasons, Excel-safe CSV) vs a bare
  ``pandas.read_csv`` + ``to_csv`` of the same accounts file. Target: at most 2x.
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


def csv_to_csv(folder: Path, accounts_csv: Path, extra: list[str]) -> tuple[float, float]:
    """Run the CLI in a fresh process; return (seconds, peak RSS in GB)."""
    out = folder / "scored.csv"
    command = [
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
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=REPO, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    rows = sum(1 for _ in out.open(encoding="utf-8-sig")) - 1
    print(f"  planner score {' '.join(extra):<44} {seconds:8.2f} s  ({rows:,} rows written)")
    return seconds, max(peak, before) / 1024**2


def bare_io(accounts_csv: Path, folder: Path) -> float:
    start = time.perf_counter()
    frame = pd.read_csv(accounts_csv)
    frame.to_csv(folder / "bare.csv", index=False)
    seconds = time.perf_counter() - start
    print(f"  {'bare pandas read_csv + to_csv of the same file':<58} {seconds:8.2f} s")
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
        floor = bare_io(accounts_csv, folder)
        fast, fast_peak = csv_to_csv(folder, accounts_csv, ["--no-lookalike", "--no-backtest"])
        full, full_peak = csv_to_csv(folder, accounts_csv, [])
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
