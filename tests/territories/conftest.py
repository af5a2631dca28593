"""Small synthetic territory instances built from the schema constants (fast enough for unit tests)."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from planner.schema import Account, Rep, Score


def synthetic(n: int, k: int, seed: int = 0, skew: float = 0.3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """n accounts over k reps; the first quarter of reps own a larger share (so balancing must move some)."""
    rng = np.random.default_rng(seed)
    reps = pd.DataFrame({Rep.NAME: [f"Rep {i}" for i in range(k)], Rep.REGION: "West"})
    share = np.ones(k)
    share[: max(1, k // 4)] *= 1 + 2 * skew
    owner = rng.choice(k, n, p=share / share.sum())
    accounts = pd.DataFrame(
        {
            Account.ID: [f"A{i:04d}" for i in range(n)],
            Account.NAME: [f"Account {i}" for i in range(n)],
            Account.LAT: rng.uniform(30, 45, n),
            Account.LON: rng.uniform(-120, -75, n),
            Account.OWNER: [f"Rep {o}" for o in owner],
            Score.POTENTIAL: rng.lognormal(10, 0.6, n),
            Score.TIER: rng.choice(list("ABCD"), n, p=[0.1, 0.2, 0.3, 0.4]),
        }
    )
    return accounts, reps


@pytest.fixture
def small() -> tuple[pd.DataFrame, pd.DataFrame]:
    return synthetic(120, 4, seed=1)


@pytest.fixture
def make_instance():
    """The ``synthetic(n, k, seed)`` builder, for tests that need their own size."""
    return synthetic


# Account states of ``write_export`` and their sales regions.
EXPORT_STATES = {
    "CA": "West",
    "OR": "West",
    "NY": "Northeast",
    "MA": "Northeast",
    "TX": "Southwest",
    "FL": "Southeast",
}


def write_export(folder: Path, n: int = 60, **rep_columns: list[object]) -> tuple[Path, Path]:
    """A small CRM export on disk (Salesforce headers, no deals): accounts.csv and reps.csv of Ann..Dan.

    ``rep_columns`` are extra reps-file columns by header, e.g. ``**{"Max Accounts": [20, 20, 20, 14]}``.
    """
    rng = np.random.default_rng(0)
    accounts = pd.DataFrame(
        {
            "Account ID": [f"A{i:03d}" for i in range(n)],
            "Account Name": [f"Acme {i}" for i in range(n)],
            "Industry": rng.choice(["Software", "Retail", "Healthcare"], n),
            "Billing State/Province": rng.choice(list(EXPORT_STATES), n),
            "Billing Country": "United States",
            "Account Owner": rng.choice(["Ann", "Bob", "Cat", "Dan"], n),
            "ARR": rng.lognormal(10, 0.3, n).round(0),
        }
    )
    reps = pd.DataFrame({"Rep": ["Ann", "Bob", "Cat", "Dan"], **rep_columns})
    accounts.to_csv(folder / "accounts.csv", index=False)
    reps.to_csv(folder / "reps.csv", index=False)
    return folder / "accounts.csv", folder / "reps.csv"


@pytest.fixture
def export(tmp_path):
    """``write_export`` into the test's own folder: ``export(**rep_columns) -> (accounts, reps)``."""
    return functools.partial(write_export, tmp_path)


@pytest.fixture
def export_regions() -> dict[str, str]:
    """The sales region of each account state ``write_export`` draws from."""
    return EXPORT_STATES
