"""Closed deals joined to accounts, and their encoding with missing values kept visible."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from planner.errors import InputError
from planner.icp.features import IS_WON, AttributeSet, DealEncoder, closed_deals, value_column
from planner.schema import UNKNOWN, Account, Opportunity


def _accounts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            Account.ID: pd.array(["a1", "a2", "a3"], dtype="string"),
            Account.INDUSTRY: pd.array(["Retail", None, "Finance"], dtype="string"),
            Account.REGION: pd.array(["West", "West", "Northeast"], dtype="string"),
            Account.EMPLOYEES: [120.0, np.nan, 2500.0],
            Account.REVENUE: [1e7, 5e6, np.nan],
        }
    )


def _opportunities() -> pd.DataFrame:
    return pd.DataFrame(
        {
            Opportunity.ID: pd.array(["o1", "o2", "o3", "o4", "o5"], dtype="string"),
            Opportunity.ACCOUNT_ID: pd.array(["a1", "a2", "a3", "zz", "a1"], dtype="string"),
            Opportunity.PRODUCT: pd.array(["Pro", "Pro", None, "Core", "Core"], dtype="string"),
            Opportunity.OUTCOME: pd.array(["won", "lost", "won", "lost", "open"], dtype="string"),
            Opportunity.AMOUNT: [100.0, 200.0, 300.0, 400.0, 500.0],
            Opportunity.CREATED: pd.to_datetime(["2025-01-01"] * 5),
            Opportunity.CLOSED: pd.to_datetime(
                ["2025-01-31", "2025-03-01", "2025-01-11", "2025-02-01", None]
            ),
        }
    )


def test_closed_deals_join_accounts_and_say_what_was_left_out() -> None:
    deals, notes = closed_deals(_accounts(), _opportunities())
    assert list(deals[Opportunity.ID]) == ["o1", "o2", "o3", "o4"]
    assert list(deals[IS_WON]) == [True, False, True, False]
    assert list(deals[Account.INDUSTRY].fillna(UNKNOWN)) == ["Retail", UNKNOWN, "Finance", UNKNOWN]
    # Size band derived from employees when the accounts frame lacks it.
    assert deals[Account.SIZE_BAND].iloc[:3].tolist() == ["50-199", UNKNOWN, "1,000-4,999"]
    assert pd.isna(deals[Account.SIZE_BAND].iloc[3])  # o4's account is not in the accounts table
    assert list(deals[Opportunity.CYCLE_DAYS]) == [30.0, 59.0, 10.0, 31.0]
    assert any("1 open deals" in n for n in notes)
    assert any("1 closed deals have no matching account" in n for n in notes)


def test_no_closed_deals_is_an_input_error() -> None:
    opportunities = _opportunities().assign(**{Opportunity.OUTCOME: "open"})
    with pytest.raises(InputError, match="no won or lost deals"):
        closed_deals(_accounts(), opportunities)


def test_encoder_spells_missing_as_unknown_and_flags_imputed_numbers() -> None:
    deals, _ = closed_deals(_accounts(), _opportunities())
    encoder = DealEncoder(AttributeSet((Account.INDUSTRY,), (Account.EMPLOYEES,))).fit(deals)
    assert encoder.categories_[Account.INDUSTRY] == ["Finance", "Retail", UNKNOWN]
    assert encoder.columns_[-2:] == [Account.EMPLOYEES, f"{Account.EMPLOYEES} missing"]
    X = encoder.transform(deals)
    assert X.shape == (4, 5) and X.dtype == np.float32
    missing_flag = X[:, -1]
    assert list(missing_flag > 0) == [False, True, False, True]
    # Imputed with the median (log scale): the imputed rows sit at 0 after centring.
    assert X[1, -2] == pytest.approx(0.0) and X[3, -2] == pytest.approx(0.0)
    # Each deal has exactly one category of industry switched on.
    assert ((X[:, :3] > 0).sum(axis=1) == 1).all()


def test_encoder_drops_attributes_that_do_not_vary_and_says_why() -> None:
    deals, _ = closed_deals(_accounts(), _opportunities())
    deals[Opportunity.PRODUCT] = "Pro"
    encoder = DealEncoder(AttributeSet((Opportunity.PRODUCT, Account.REGION), (Opportunity.AMOUNT,))).fit(
        deals
    )
    assert encoder.dropped_ == {Opportunity.PRODUCT: "has a single value"}
    assert encoder.used_ == [Account.REGION, Opportunity.AMOUNT]


def test_value_weights_scale_their_one_hot_column() -> None:
    deals, _ = closed_deals(_accounts(), _opportunities())
    attributes = AttributeSet((Account.REGION,), ())
    weights = {value_column(Account.REGION, "West"): 0.2}
    encoder = DealEncoder(attributes, weights).fit(deals)
    X = encoder.transform(deals)
    west = encoder.columns_.index(value_column(Account.REGION, "West"))
    northeast = encoder.columns_.index(value_column(Account.REGION, "Northeast"))
    assert X[:, west].max() == pytest.approx(0.2 / np.sqrt(2))
    assert X[:, northeast].max() == pytest.approx(1 / np.sqrt(2))  # keeps the default weight


def test_many_category_values_share_an_other_column() -> None:
    deals = pd.DataFrame({Opportunity.PRODUCT: [f"SKU {i % 500}" for i in range(2_000)]})
    encoder = DealEncoder(AttributeSet((Opportunity.PRODUCT,), ())).fit(deals)
    assert len(encoder.columns_) == 30 and encoder.columns_[-1] == value_column(Opportunity.PRODUCT, "Other")
    X = encoder.transform(deals)
    assert ((X > 0).sum(axis=1) == 1).all()  # every deal has exactly one column on, rare SKUs on "Other"
