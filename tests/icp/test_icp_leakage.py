"""Attributes recorded because of the outcome are set aside."""

from __future__ import annotations

import numpy as np
import pandas as pd

from planner.icp.features import IS_WON, AttributeSet
from planner.icp.leakage import outcome_leaks
from planner.schema import Account, Opportunity


def _deals(n: int = 400, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    won = rng.random(n) < 0.4
    return pd.DataFrame(
        {
            IS_WON: won,
            Account.INDUSTRY: rng.choice(["A", "B", "C"], n),
            Account.REGION: np.where(won, rng.choice(["X", "Y"], n), None),  # known only when won
            Opportunity.AMOUNT: np.where(won, rng.lognormal(9, 1, n), 0.0),  # Maven: 0 on lost deals
            Opportunity.CYCLE_DAYS: rng.gamma(3, 20, n),
        }
    )


def test_close_value_and_won_only_fields_leak_ordinary_attributes_do_not() -> None:
    attributes = AttributeSet(
        (Account.INDUSTRY, Account.REGION), (Opportunity.AMOUNT, Opportunity.CYCLE_DAYS)
    )
    leaks = outcome_leaks(_deals(), attributes)
    assert set(leaks) == {Account.REGION, Opportunity.AMOUNT}
    assert "unknown for 100% of lost deals" in leaks[Account.REGION]
    assert "AUC 1.00" in leaks[Opportunity.AMOUNT]


def test_one_outcome_only_nothing_can_leak() -> None:
    deals = _deals().assign(**{IS_WON: True})
    assert outcome_leaks(deals, AttributeSet()) == {}
