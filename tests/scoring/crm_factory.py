"""Small synthetic CRM tables with a planted structure the scoring must recover.

Healthcare wins far more often than the rest, deals grow with employees, and the
Northeast wins a little more; everything else is noise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planner.geo import US_STATES
from planner.schema import LOST, OPEN, WON, Account, Opportunity, segment_label, size_band

INDUSTRIES = ("Healthcare", "Retail", "Manufacturing", "Finance", "Education", "Energy")
STATES = tuple(US_STATES)
REPS = tuple(f"Rep {k}" for k in range(8))


def make_accounts(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    states = np.array(STATES)[rng.integers(0, len(STATES), n)]
    employees = np.round(np.exp(rng.normal(5.5, 1.5, n))).clip(1, 200_000)
    industry = pd.Series(np.array(INDUSTRIES)[rng.integers(0, len(INDUSTRIES), n)], dtype="string")
    region = pd.Series([US_STATES[s][1] for s in states], dtype="string")
    band = size_band(pd.Series(employees))
    spend = np.where(rng.random(n) < 0.2, np.round(employees * rng.uniform(5, 30, n), -2), np.nan)
    return pd.DataFrame(
        {
            Account.ID: pd.Series([f"A{i:06d}" for i in range(n)], dtype="string"),
            Account.NAME: pd.Series([f"Company {i}" for i in range(n)], dtype="string"),
            Account.INDUSTRY: industry,
            Account.EMPLOYEES: employees,
            Account.REVENUE: employees * rng.uniform(80_000, 250_000, n),
            Account.COUNTRY: pd.Series(["United States"] * n, dtype="string"),
            Account.REGION: region,
            Account.STATE: pd.Series(states, dtype="string"),
            Account.OWNER: pd.Series(
                np.array([f"Rep {k}" for k in range(8)])[rng.integers(0, 8, n)], dtype="string"
            ),
            Account.SPEND: spend,
            Account.SIZE_BAND: band,
            Account.SEGMENT: segment_label(industry, region, band),
        }
    )


def make_opportunities(accounts: pd.DataFrame, deals: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(accounts), deals)
    chosen = accounts.iloc[pick]
    logit = (
        -1.3
        + 1.6 * (chosen[Account.INDUSTRY] == "Healthcare").to_numpy()
        + 0.5 * (chosen[Account.REGION] == "Northeast").to_numpy()
    )
    won = rng.random(deals) < 1 / (1 + np.exp(-logit))
    created = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 700, deals), unit="D")
    cycle = rng.integers(10, 120, deals)
    is_open = rng.random(deals) < 0.1
    outcome = np.where(is_open, OPEN, np.where(won, WON, LOST))
    amount = np.round(400 * chosen[Account.EMPLOYEES].to_numpy() ** 0.6 * rng.lognormal(0, 0.4, deals), -2)
    return pd.DataFrame(
        {
            Opportunity.ID: pd.Series([f"O{i:07d}" for i in range(deals)], dtype="string"),
            Opportunity.ACCOUNT_ID: chosen[Account.ID].to_numpy(),
            Opportunity.OWNER: chosen[Account.OWNER].to_numpy(),
            Opportunity.STAGE: pd.Series(outcome, dtype="string"),
            Opportunity.OUTCOME: pd.Series(outcome, dtype="string"),
            Opportunity.AMOUNT: amount,
            Opportunity.CREATED: created,
            Opportunity.CLOSED: pd.Series(created + pd.to_timedelta(cycle, unit="D")).where(~is_open),
            Opportunity.CYCLE_DAYS: np.where(is_open, np.nan, cycle.astype(float)),
        }
    )
