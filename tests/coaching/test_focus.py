"""Focus accounts: a mix of open pipeline, whitespace and lookalike, each with a reason in numbers."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from planner.coaching import prepare_deals
from planner.coaching.focus import (
    LOOKALIKE,
    OPEN_PIPELINE,
    WHITESPACE,
    focus_accounts,
    territory,
    with_scores,
)
from planner.schema import Account, Score
from tests.coaching.conftest import synthetic_team


def test_mix_of_reasons_from_scored_accounts():
    accounts, opportunities, _ = synthetic_team()
    ann = accounts[Account.OWNER] == "Ann Lee"
    scored = accounts.assign(
        **{
            Score.PRIORITY: np.linspace(99, 1, len(accounts)),
            Score.TIER: "A",
            Score.WHITESPACE: np.where(ann, np.arange(len(accounts)) * 1000.0, 0.0),
            Score.POTENTIAL: 50_000.0,
        }
    )
    # Every Ann account but one has open deals in this team, so keep open deals on a few only.
    keep = (
        ~opportunities["owner"].eq("Ann Lee")
        | opportunities["outcome"].ne("open")
        | opportunities["account_id"].isin(["A0000", "A0001"])
    )
    deals = prepare_deals(opportunities[keep], accounts)
    similarity = pd.Series(0.0, index=accounts.index)
    prospect = accounts.index[accounts[Account.ID] == "A0019"][0]
    similarity[prospect] = 0.9
    picked = focus_accounts(with_scores(accounts, scored), deals, "ann lee", similarity=similarity)
    assert 3 <= len(picked) <= 5
    whys = [f.why for f in picked]
    assert whys[:2] == [OPEN_PIPELINE, OPEN_PIPELINE]
    assert WHITESPACE in whys
    assert len({f.account_id for f in picked}) == len(picked)
    assert all(f.account_id.startswith("A00") for f in picked)  # Ann's territory only
    for f in picked:
        assert re.search(r"\d", f.reason), f.reason
    if LOOKALIKE in whys:
        assert next(f for f in picked if f.why == LOOKALIKE).account_id == "A0019"


def test_without_scores_open_pipeline_ranks_the_accounts():
    accounts, opportunities, _ = synthetic_team()
    picked = focus_accounts(accounts, prepare_deals(opportunities, accounts), "Bo Chan")
    assert 3 <= len(picked) <= 5
    assert all(f.why == OPEN_PIPELINE for f in picked)
    values = [f.open_value for f in picked]
    assert values == sorted(values, reverse=True)


def test_territory_is_owned_accounts_plus_accounts_with_the_reps_open_deals():
    accounts, opportunities, _ = synthetic_team()
    deals = prepare_deals(opportunities, accounts)
    owned = territory(accounts, deals, "FLO GRAY")
    assert set(owned[Account.OWNER]) == {"Flo Gray"} and len(owned) == 20
    assert focus_accounts(accounts, deals, "Nobody") == []
