"""Scoring fixtures: a planted synthetic CRM (see ``crm_factory``)."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.scoring.crm_factory import make_accounts, make_opportunities


@pytest.fixture(scope="session")
def crm() -> tuple[pd.DataFrame, pd.DataFrame]:
    accounts = make_accounts(3000)
    return accounts, make_opportunities(accounts, 6000)
