"""Ideal-profile speed: closed deals clustered, profiled, checked (rules, bootstrap), best fit chosen.

Prints, for each size, the full ``profile_deals`` run beside two floors measured in the same run on the
same data: one bare KMeans fit (k = the chosen k, one initialisation, on the full encoded matrix) and a
bare pandas CSV round trip of the deals. Also checks that the planted winning segment was recovered.
Targets (issue 4, item 9): 100,000 deals < 10 s; 1,000,000 deals (sample 20k, assign the rest) < 60 s.

Run: python benchmarks/bench_icp.py [--sizes 100000 1000000]
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

import pandas as pd
from sklearn.cluster import KMeans
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from planner.icp import profile_deals
from planner.icp.features import DealEncoder
from planner.icp.synthetic import PlantedSegment, planted_deals
from planner.schema import Account

TARGETS = {100_000: 10.0, 1_000_000: 60.0}


def _seconds(action) -> tuple[float, object]:
    start = time.perf_counter()
    value = action()
    return time.perf_counter() - start, value


def _csv_round_trip(deals: pd.DataFrame) -> None:
    buffer = io.StringIO()
    deals.to_csv(buffer, index=False)
    buffer.seek(0)
    pd.read_csv(buffer)


def bench(n: int) -> None:
    deals = planted_deals(n, seed=1)
    full, result = _seconds(lambda: profile_deals(deals, seed=0))
    X = DealEncoder().fit_transform(deals)
    with threadpool_limits(limits=1):
        kmeans, _ = _seconds(lambda: KMeans(n_clusters=result.k, n_init=1, random_state=0).fit(X))
    io_floor, _ = _seconds(lambda: _csv_round_trip(deals))
    planted = PlantedSegment()
    found = {d.attribute: d.values for d in result.best.defining}
    recovered = (
        found.get(Account.INDUSTRY) == (planted.industry,)
        and found.get(Account.REGION) == (planted.region,)
        and found.get(Account.SIZE_BAND) == (planted.size_band,)
    )
    target = TARGETS.get(n)
    verdict = "" if target is None else f" (target < {target:.0f} s: {'met' if full < target else 'MISSED'})"
    print(f"{n:>9,} deals: profile_deals {full:6.2f} s{verdict}")
    print(
        f"{'':>16}floor: one bare KMeans fit (k={result.k}, 1 init, all rows) {kmeans:6.2f} s; "
        f"pandas CSV write+read {io_floor:6.2f} s"
    )
    print(f"{'':>16}k = {result.k}; best: {result.best.card}")
    print(f"{'':>16}planted segment recovered: {recovered}; {result.stability.summary}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    for n in parser.parse_args().sizes:
        bench(n)


if __name__ == "__main__":
    main()
