"""Ingest speed beside bare ``pandas.read_csv`` of the same bytes (the floor), measured in the same run.

    python benchmarks/bench_ingest.py            # 50,000 accounts and 1,000,000 opportunities
    python benchmarks/bench_ingest.py --rows 200000

Files are synthetic Salesforce-style exports (thousands separators, US dates,
stage labels) so every cleaning step does real work.
"""

from __future__ import annotations

import argparse
import io
import time

import numpy as np
import pandas as pd

from planner.ingest import Source, ingest_tables

STATES = ["CA", "TX", "NY", "FL", "IL", "WA", "MA", "GA", "Ohio", "Colorado"]
INDUSTRIES = ["Software", "Retail", "Healthcare", "Manufacturing", "Financial Services", "Education"]
STAGES = ["Closed Won", "Closed Lost", "Prospecting", "Qualification", "Proposal", "Negotiation"]


def accounts_csv(n: int, rng: np.random.Generator) -> bytes:
    frame = pd.DataFrame(
        {
            "Account ID": [f"001{i:012d}" for i in range(n)],
            "Account Name": [f"Company {i}" for i in range(n)],
            "Industry": rng.choice(INDUSTRIES, n),
            "Employees": rng.integers(1, 20_000, n),
            "Annual Revenue": [f"{v:,}" for v in rng.integers(10_000, 10**9, n)],
            "Billing Country": "United States",
            "Billing State/Province": rng.choice(STATES, n),
            "Account Owner": rng.choice([f"Rep {i}" for i in range(40)], n),
            "ARR": rng.integers(0, 100_000, n),
        }
    )
    return frame.to_csv(index=False).encode()


def opportunities_csv(n: int, accounts: int, rng: np.random.Generator) -> bytes:
    created = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 700, n), unit="D")
    closed = created + pd.to_timedelta(rng.integers(5, 200, n), unit="D")
    frame = pd.DataFrame(
        {
            "Opportunity ID": [f"006{i:012d}" for i in range(n)],
            "Account ID": [f"001{i:012d}" for i in rng.integers(0, accounts, n)],
            "Opportunity Owner": rng.choice([f"Rep {i}" for i in range(40)], n),
            "Product": rng.choice(["Core", "Analytics", "Connectors", "Support"], n),
            "Stage": rng.choice(STAGES, n),
            "Amount": [f"{v:,}" for v in rng.integers(100, 500_000, n)],
            "Created Date": created.strftime("%m/%d/%Y"),
            "Close Date": closed.strftime("%m/%d/%Y"),
        }
    )
    return frame.to_csv(index=False).encode()


def best_of(repeats: int, function) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--accounts", type=int, default=50_000)
    parser.add_argument("--rows", type=int, default=1_000_000, help="opportunities")
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    accounts = accounts_csv(args.accounts, rng)
    opportunities = opportunities_csv(args.rows, args.accounts, rng)

    floor = best_of(args.repeats, lambda: pd.read_csv(io.BytesIO(accounts)))
    took = best_of(args.repeats, lambda: ingest_tables(accounts=Source("accounts.csv", accounts)))
    print(f"accounts      {args.accounts:>9,} rows  ingest {took:6.2f} s   bare read_csv {floor:6.2f} s"
          f"   ratio {took / floor:5.1f}x")  # fmt: skip

    floor = best_of(args.repeats, lambda: pd.read_csv(io.BytesIO(opportunities)))
    as_text = best_of(args.repeats, lambda: pd.read_csv(io.BytesIO(opportunities), dtype=str))
    took = best_of(
        args.repeats,
        lambda: ingest_tables(
            accounts=Source("accounts.csv", accounts),
            opportunities=Source("opportunities.csv", opportunities),
        ),
    )
    print(f"opportunities {args.rows:>9,} rows  ingest {took:6.2f} s   bare read_csv {floor:6.2f} s"
          f"   ratio {took / floor:5.1f}x  (ingest includes the {args.accounts:,} accounts)")  # fmt: skip
    print(f"              read_csv(dtype=str), the text read ingest starts from: {as_text:6.2f} s"
          f"   ratio {took / as_text:5.1f}x")  # fmt: skip


if __name__ == "__main__":
    main()
