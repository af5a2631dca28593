"""Thin or odd exports still give a brief (with what is missing said), never a traceback."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from planner.coaching import coaching_inputs, to_html, to_markdown
from planner.schema import OPEN, Account, Opportunity
from tests.coaching.conftest import synthetic_team

ACCOUNTS, OPPORTUNITIES, REPS = synthetic_team(deals_per_rep=40)
CASES = {
    "no reps table": (ACCOUNTS, OPPORTUNITIES, REPS.iloc[0:0]),
    "no amounts": (ACCOUNTS, OPPORTUNITIES.assign(**{Opportunity.AMOUNT: np.nan}), REPS),
    "no dates": (
        ACCOUNTS,
        OPPORTUNITIES.assign(
            **{Opportunity.CREATED: pd.NaT, Opportunity.CLOSED: pd.NaT, Opportunity.CYCLE_DAYS: np.nan}
        ),
        REPS,
    ),
    "no open deals": (ACCOUNTS, OPPORTUNITIES[OPPORTUNITIES[Opportunity.OUTCOME] != OPEN], REPS),
    "only open deals": (ACCOUNTS, OPPORTUNITIES[OPPORTUNITIES[Opportunity.OUTCOME] == OPEN], REPS),
    "no deals at all": (ACCOUNTS, OPPORTUNITIES.iloc[0:0], REPS),
    "no account owners": (ACCOUNTS.assign(**{Account.OWNER: pd.NA}), OPPORTUNITIES, REPS),
}


@pytest.mark.parametrize("case", list(CASES))
def test_brief_and_team_view_survive(case):
    accounts, opportunities, reps = CASES[case]
    inputs = coaching_inputs(accounts, opportunities, reps)
    assert inputs.names == sorted(REPS["rep_name"], key=str.casefold)
    brief = inputs.brief("ann lee")
    assert to_markdown(brief).startswith("# Strategic coaching brief: Ann Lee")
    assert "</html>" in to_html(brief)
    team = inputs.team()
    assert set(team.reps["rep"]) == set(inputs.names)
    if case == "no deals at all":
        assert any("no deals in the data" in note for note in brief.data_notes)
        assert team.reps["intervention"].isna().all()
