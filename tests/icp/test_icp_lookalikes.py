"""Similarity of accounts to the best profile, and the prospects table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from planner.icp.lookalikes import AttributeSignature, LookalikeModel, lookalike_accounts
from planner.schema import Account, Icp, Opportunity, Score

MODEL = LookalikeModel(
    (
        AttributeSignature(Account.INDUSTRY, 0.6, shares={"Health": 0.8, "Retail": 0.2}),
        AttributeSignature(Account.EMPLOYEES, 0.4, centre=3.0, spread=0.3),  # log10: ~1,000 employees
    )
)


def _accounts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            Account.ID: pd.array(["a", "b", "c", "d"], dtype="string"),
            Account.NAME: pd.array(["Alpha", "Beta", "Gamma", "Delta"], dtype="string"),
            Account.INDUSTRY: pd.array(["Health", "Retail", "Energy", "Health"], dtype="string"),
            Account.EMPLOYEES: [1_000.0, 1_000.0, 1_000.0, np.nan],
        },
        index=[10, 11, 12, 13],
    )


def test_scores_follow_the_signature_and_keep_the_index() -> None:
    scores = MODEL.score(_accounts())
    assert list(scores.index) == [10, 11, 12, 13]
    assert scores[10] == 1.0  # top industry, centre size
    assert scores[11] == 0.6 * 0.25 + 0.4  # Retail share is a quarter of Health's
    assert scores[12] == 0.4  # unknown industry value in the profile: no match on it
    assert scores[13] == 0.6  # unknown size is not evidence of fit


def test_prospects_exclude_customers_and_count_open_deals() -> None:
    opportunities = pd.DataFrame(
        {
            Opportunity.ACCOUNT_ID: pd.array(["a", "b", "b"], dtype="string"),
            Opportunity.OUTCOME: pd.array(["won", "open", "open"], dtype="string"),
        }
    )
    table = lookalike_accounts(MODEL, _accounts(), opportunities, top=2)
    assert list(table[Account.NAME]) == ["Delta", "Beta"]
    assert list(table[Icp.OPEN_DEALS]) == [0, 2]
    assert table[Score.LOOKALIKE].is_monotonic_decreasing
