"""Caching that cannot go stale: one edited cell of a 60,000-row accounts table changes the cached scores.

Streamlit hashes large frames from a sample, so a cache keyed on the frame can miss a
one-cell edit; ``ui.cached`` keys on the workspace's content version instead.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planner.schema import Account, Score
from planner.scoring import TierRule, Weights
from planner.workspace import Workspace, content_version
from tests.scoring.crm_factory import make_accounts, make_opportunities
from ui import cached

ROWS = 60_000
EDITED = 41_234  # a row far from the head and tail that a sampled hash would look at


def _scores(workspace: Workspace):
    return cached.scores(workspace, workspace.version, str(Weights()), str(TierRule()), False)


def test_one_cell_edit_changes_version_and_cached_result() -> None:
    accounts = make_accounts(ROWS, seed=11)
    opportunities = make_opportunities(accounts.head(3000), 6000, seed=12)
    reps = pd.DataFrame()
    original = Workspace(accounts, opportunities, reps)
    first = _scores(original)
    assert Workspace(accounts.copy(), opportunities, reps).version == original.version

    edited_accounts = accounts.copy()
    edited_accounts.loc[EDITED, Account.EMPLOYEES] = accounts.loc[EDITED, Account.EMPLOYEES] * 50 + 1000
    edited = Workspace(edited_accounts, opportunities, reps)
    assert edited.version != original.version
    assert edited.version == content_version(edited_accounts, opportunities, reps, None)
    second = _scores(edited)

    account_id = accounts.loc[EDITED, Account.ID]
    before = first.accounts.set_index(Account.ID).loc[account_id]
    after = second.accounts.set_index(Account.ID).loc[account_id]
    assert after[Account.EMPLOYEES] == edited_accounts.loc[EDITED, Account.EMPLOYEES]
    assert after[Score.POTENTIAL] > before[Score.POTENTIAL]


def test_same_version_is_served_from_the_cache() -> None:
    accounts = make_accounts(2000, seed=13)
    opportunities = make_opportunities(accounts, 4000, seed=14)
    workspace = Workspace(accounts, opportunities, pd.DataFrame())
    fitted = cached.score_fit(workspace, workspace.version, False)
    again = cached.score_fit(
        Workspace(accounts.copy(), opportunities.copy(), pd.DataFrame()), workspace.version, False
    )
    assert again is fitted
    assert np.array_equal(
        _scores(workspace).accounts[Score.PRIORITY].to_numpy(),
        fitted.weigh(Weights(), TierRule()).accounts[Score.PRIORITY].to_numpy(),
    )
