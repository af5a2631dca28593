import numpy as np
import pandas as pd
import pytest

from planner.errors import InputError
from planner.schema import OPEN, WON, Account, Opportunity, Rep, Score
from planner.territories import build_problem
from planner.territories.inputs import TIER_WORKLOAD


def test_no_reps_is_a_clear_input_error(small):
    accounts, _ = small
    with pytest.raises(InputError, match="no reps"):
        build_problem(accounts, pd.DataFrame({Rep.NAME: []}))


def test_duplicate_rep_names_name_the_rows(small):
    accounts, _ = small
    reps = pd.DataFrame({Rep.NAME: ["Ann", "Bob", "Ann"]})
    with pytest.raises(InputError, match="rows 1 and 3"):
        build_problem(accounts, reps)


def test_negative_potential_names_the_row(small):
    accounts, reps = small
    accounts = accounts.assign(
        **{Score.POTENTIAL: accounts[Score.POTENTIAL].where(accounts.index != 4, -1.0)}
    )
    with pytest.raises(InputError) as error:
        build_problem(accounts, reps)
    assert error.value.row == 5


def test_workload_follows_tier_and_state_weights(small):
    accounts, reps = small
    accounts = accounts.assign(**{Account.STATE: "AK"})
    problem = build_problem(accounts, reps, state_weights={"AK": 1.5})
    expected = np.array([TIER_WORKLOAD[t] for t in accounts[Score.TIER]]) * 1.5
    np.testing.assert_allclose(problem.workload, expected)
    assert (
        problem.workload[accounts[Score.TIER].to_numpy() == "A"].min()
        > problem.workload[accounts[Score.TIER].to_numpy() == "D"].max()
    )


def test_owner_matching_locks_and_outsiders(small):
    accounts, reps = small
    owners = accounts[Account.OWNER].to_numpy(dtype=object)
    owners[0] = "  rep 1 "  # case and spaces do not matter
    owners[1] = "Someone Gone"
    owners[2] = None
    accounts = accounts.assign(
        **{Account.OWNER: owners, Account.LOCKED: ["yes"] + [""] * (len(accounts) - 1)}
    )
    opps = pd.DataFrame(
        {
            Opportunity.ACCOUNT_ID: ["A0003", "A0004", "A0001"],
            Opportunity.OUTCOME: [OPEN, WON, OPEN],
        }
    )
    problem = build_problem(accounts, reps, opps)
    assert problem.owner[0] == 1 and problem.locked[0]
    assert problem.owner[1] == -1 and not problem.locked[1]  # open deal, but the owner is not on the team
    assert problem.owner[2] == -1
    assert problem.locked[3] and not problem.locked[4]
    assert any("not on the reps list" in note for note in problem.notes)
    assert any("no owner on the team, so they are not locked" in note for note in problem.notes)


def test_missing_potential_falls_back_to_spend_and_says_so(small):
    accounts, reps = small
    accounts = accounts.drop(columns=[Score.POTENTIAL]).assign(**{Account.SPEND: 10.0})
    problem = build_problem(accounts, reps)
    assert (problem.potential == 10.0).all()
    assert any("current spend" in note for note in problem.notes)


def test_eligibility_restricts_arcs(small):
    accounts, reps = small
    accounts = accounts.assign(**{Account.REGION: np.where(accounts.index % 2 == 0, "West", "Midwest")})
    reps = reps.assign(**{Rep.ELIGIBLE_REGIONS: ["West", "Midwest; West", "", "midwest"]})
    problem = build_problem(accounts, reps)
    allowed = problem.allowed()
    west = accounts[Account.REGION].to_numpy() == "West"
    assert allowed[west, 0].all() and not allowed[~west, 0].any()
    assert allowed[:, 1].all() and allowed[:, 2].all()
    assert not allowed[west, 3].any()


def test_eligibility_blockers_name_the_group_only_when_it_binds(small):
    from planner.territories.diagnose import eligibility_blockers
    from planner.territories.model import Targets

    accounts, reps = small
    accounts = accounts.assign(**{Account.REGION: np.where(accounts.index % 2 == 0, "West", "Midwest")})
    loose = build_problem(accounts, reps.assign(**{Rep.ELIGIBLE_REGIONS: ["West", "Midwest", "", ""]}))
    assert eligibility_blockers(loose, Targets.of(loose, 0.05, None)) == []
    # Half the book (the West) may go to Rep 0 alone: two fair shares on one rep.
    tight = build_problem(
        accounts, reps.assign(**{Rep.ELIGIBLE_REGIONS: ["West", "Midwest", "Midwest", "Midwest"]})
    )
    lines = eligibility_blockers(tight, Targets.of(tight, 0.05, None))
    assert any(line.startswith("eligibility: the 60 accounts only Rep 0 may take") for line in lines), lines
    capped = build_problem(
        accounts,
        reps.assign(
            **{Rep.ELIGIBLE_REGIONS: ["West", "West", "Midwest", "Midwest"], Rep.CAPACITY: [20, 20, 0, 0]}
        ),
    )
    lines = eligibility_blockers(capped, Targets.of(capped, 0.5, None))
    assert any("over their capacity of 40 accounts" in line for line in lines), lines
