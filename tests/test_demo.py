"""The demo dataset: its shape, its planted structure, and that the committed files are reproducible."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from planner import demo
from planner.geo import region_for
from planner.paths import DEMO_DIR
from planner.schema import ACCOUNTS, PIPELINE_STAGES, SIZE_BANDS, Account, Rep, size_band

FILES = ("accounts.csv", "opportunities.csv", "reps.csv")


@pytest.fixture(scope="module")
def data() -> demo.DemoData:
    return demo.generate_demo(seed=7)


@pytest.fixture(scope="module")
def deals(data: demo.DemoData) -> pd.DataFrame:
    return joined_deals(data)


def joined_deals(data: demo.DemoData) -> pd.DataFrame:
    """Opportunities joined to the firmographics of their account, with outcome and cycle."""
    accounts = data.accounts.assign(
        region=_regions(data.accounts), band=size_band(data.accounts["Employees"])
    )
    frame = data.opportunities.merge(
        accounts[["Account ID", "Industry", "Employees", "region", "band", "Account Owner"]],
        on="Account ID",
        how="left",
        validate="many_to_one",
    )
    outcome = np.select(
        [frame["Stage"] == "Closed Won", frame["Stage"] == "Closed Lost"], ["won", "lost"], "open"
    )
    cycle = (pd.to_datetime(frame["Close Date"]) - pd.to_datetime(frame["Created Date"])).dt.days
    return frame.assign(outcome=outcome, cycle=cycle)


def _regions(accounts: pd.DataFrame) -> pd.Series:
    """Sales region of each demo account, as ingest derives it."""
    pairs = zip(accounts["Billing Country"], accounts["Billing State/Province"], strict=True)
    return pd.Series(
        [region_for(c, s if isinstance(s, str) else None) for c, s in pairs], index=accounts.index
    )


def _closed(deals: pd.DataFrame) -> pd.DataFrame:
    closed = deals[deals["outcome"] != "open"]
    return closed.assign(won=closed["outcome"] == "won")


def _planted(frame: pd.DataFrame) -> pd.Series:
    low, high = demo.PLANTED_EMPLOYEES
    return (
        frame["Industry"].isin(demo.PLANTED_INDUSTRIES)
        & (frame["region"] == demo.PLANTED_REGION)
        & (frame["Employees"] >= low)
        & (frame["Employees"] < high)
    )


def test_tables_have_the_export_headers_and_sizes(data):
    assert tuple(data.accounts.columns) == demo.ACCOUNT_HEADERS
    assert tuple(data.opportunities.columns) == demo.OPPORTUNITY_HEADERS
    assert tuple(data.reps.columns) == demo.REP_HEADERS
    assert len(data.accounts) == demo.N_ACCOUNTS == 6_000
    assert len(data.opportunities) == demo.N_OPPORTUNITIES == 18_000
    assert len(data.reps) == 24
    assert data.reps["Manager"].nunique() == 4


def test_ids_are_unique_text_and_references_resolve(data):
    accounts, opportunities = data.accounts, data.opportunities
    assert accounts["Account ID"].is_unique and opportunities["Opportunity ID"].is_unique
    assert accounts["Account Name"].is_unique
    assert accounts["Account ID"].str.match(r"^001\d{12}$").all()
    assert opportunities["Account ID"].isin(accounts["Account ID"]).all()
    parents = accounts["Parent Account ID"].dropna()
    assert 100 <= len(parents) <= 200 and parents.isin(accounts["Account ID"]).all()
    owners = pd.concat([accounts["Account Owner"].dropna(), opportunities["Opportunity Owner"]])
    assert owners.isin(data.reps["Rep"]).all()


def test_accounts_look_like_a_real_book(data):
    accounts = data.accounts
    assert accounts["Industry"].nunique() == 12
    assert accounts["Employees"].between(1, 100_000).all()
    assert np.corrcoef(np.log(accounts["Employees"]), np.log(accounts["Annual Revenue"]))[0, 1] > 0.8
    us = accounts["Billing Country"] == "United States"
    assert 0.86 <= us.mean() <= 0.94
    assert accounts.loc[us, "Billing State/Province"].str.fullmatch(r"[A-Z]{2}").all()
    assert accounts.loc[~us, "Billing State/Province"].isna().all()
    assert 0.04 <= accounts["Account Owner"].isna().mean() <= 0.12
    # Large states hold more accounts than small ones.
    states = accounts["Billing State/Province"].value_counts()
    assert states["CA"] > states["OH"] > states["VT"]


def test_locations_sit_near_their_state(data):
    accounts = data.accounts
    us = accounts["Billing State/Province"] == "NY"
    assert accounts.loc[us, "Latitude"].between(38.5, 47.5).all()
    assert accounts.loc[us, "Longitude"].between(-81, -70).all()


def test_outcome_mix_is_plausible(deals):
    shares = deals["outcome"].value_counts(normalize=True)
    assert 0.08 <= shares["open"] <= 0.18
    closed = _closed(deals)
    assert 0.21 <= closed["won"].mean() <= 0.27


def test_planted_segment_wins_far_more_often(deals):
    closed = _closed(deals)
    planted = _planted(closed)
    assert planted.sum() >= 500  # enough deals for a clustering or scoring step to see it
    overall, segment = closed["won"].mean(), closed.loc[planted, "won"].mean()
    assert segment >= 0.42
    assert segment - overall >= 0.18


def test_planted_segment_deals_are_bigger_and_faster(deals):
    won = _closed(deals).query("won")
    planted = _planted(won)
    assert won.loc[planted, "Amount"].median() > 1.5 * won.loc[~planted, "Amount"].median()
    assert won.loc[planted, "cycle"].median() < 0.85 * won.loc[~planted, "cycle"].median()


def test_deal_size_grows_with_account_size(deals):
    medians = deals.groupby("band")["Amount"].median().reindex([label for _, label in SIZE_BANDS])
    assert medians.notna().all()
    assert medians.is_monotonic_increasing and medians.iloc[-1] > 10 * medians.iloc[0]


def test_stages_are_canonical_and_loss_stage_only_on_lost(deals):
    open_deals = deals[deals["outcome"] == "open"]
    assert open_deals["Stage"].isin(PIPELINE_STAGES).all()
    assert set(open_deals["Stage"]) == set(PIPELINE_STAGES)
    lost = deals["outcome"] == "lost"
    assert deals.loc[lost, "Stage at Loss"].isin(PIPELINE_STAGES).all()
    assert deals.loc[~lost, "Stage at Loss"].isna().all()
    assert deals["cycle"].between(20, 200).all()
    created = pd.to_datetime(deals["Created Date"])
    assert created.min() >= demo.AS_OF - pd.Timedelta(days=demo.HISTORY_DAYS) and created.max() < demo.AS_OF
    closed = deals["outcome"] != "open"
    assert (pd.to_datetime(deals.loc[closed, "Close Date"]) <= demo.AS_OF).all()
    assert (pd.to_datetime(deals.loc[~closed, "Close Date"]) > demo.AS_OF).all()


@pytest.mark.parametrize(("rep", "stage"), sorted(demo.STALLERS.items()))
def test_stallers_lose_at_their_stage(deals, rep, stage):
    lost = deals[deals["outcome"] == "lost"]
    team = lost[~lost["Opportunity Owner"].isin(list(demo.STALLERS))]
    theirs = lost[lost["Opportunity Owner"] == rep]
    assert len(theirs) >= 100
    team_share = (team["Stage at Loss"] == stage).mean()
    their_share = (theirs["Stage at Loss"] == stage).mean()
    assert their_share >= team_share + 0.3


def test_top_reps_win_more_than_peers_on_comparable_deals(deals):
    """Compared with the team's win rate on deals of the same region and segment, not their easy territory."""
    closed = _closed(deals)
    closed = closed.assign(cell=closed["region"] + _planted(closed).astype(str))
    top = closed["Opportunity Owner"].isin(demo.TOP_REPS)
    peer_rate = closed[~top].groupby("cell")["won"].mean()
    expected = closed.loc[top, "cell"].map(peer_rate)
    assert closed.loc[top, "won"].mean() - expected.mean() >= 0.08


def test_owner_is_usually_the_account_owner(deals):
    owned = deals["Account Owner"].notna()
    same = (deals.loc[owned, "Opportunity Owner"] == deals.loc[owned, "Account Owner"]).mean()
    assert 0.78 <= same <= 0.92


def test_quotas_match_a_plausible_year(data, deals):
    last_year = pd.to_datetime(deals["Close Date"]) > demo.AS_OF - pd.DateOffset(years=1)
    booked = deals.loc[last_year & (deals["outcome"] == "won"), "Amount"].sum()
    attainment = booked / data.reps["Annual Quota"].sum()
    assert 0.8 <= attainment <= 1.1
    assert data.reps["Capacity"].between(250, 320).all()


def test_each_region_has_the_capacity_for_its_accounts(data):
    """Territory planning must have a feasible answer: reps of a region can hold all its accounts."""
    regions = data.reps.groupby("Region")["Capacity"].sum()
    need = _regions(data.accounts).value_counts()
    assert need.sum() == len(data.accounts)
    need["Canada"] += need.pop("APAC")  # the Canada rep covers APAC
    assert (regions.reindex(need.index) >= need).all()


def test_arr_only_for_customers_with_won_deals(data, deals):
    customers = set(deals.loc[deals["outcome"] == "won", "Account ID"])
    has_arr = data.accounts["ARR"].notna()
    assert set(data.accounts.loc[has_arr, "Account ID"]) <= customers
    assert has_arr.sum() >= 0.9 * len(customers)
    assert (data.accounts.loc[has_arr, "ARR"] > 0).all()


def test_same_seed_same_frames_other_seed_differs(data):
    again = demo.generate_demo(seed=7)
    pd.testing.assert_frame_equal(again.opportunities, data.opportunities)
    other = demo.generate_demo(seed=8)
    assert not other.opportunities["Amount"].equals(data.opportunities["Amount"])


def test_committed_files_are_byte_identical_to_a_regeneration(tmp_path):
    written = demo.main(["--out", str(tmp_path)])
    assert written == 0
    for name in FILES:
        committed = DEMO_DIR / name
        assert committed.is_file(), f"{committed} is missing: run python -m planner.demo --out data/demo"
        assert (tmp_path / name).read_bytes() == committed.read_bytes(), f"{name} differs: regenerate it"


def test_synthetic_accounts_are_canonical_and_reproducible():
    frame = demo.synthetic_accounts(20_000, seed=3)
    expected = [*ACCOUNTS.names, Account.SIZE_BAND, Account.SEGMENT]
    assert sorted(frame.columns) == sorted(expected)
    assert len(frame) == 20_000 and frame[Account.ID].is_unique
    assert frame[Account.OWNER].notna().all()  # 80 reps cover every region
    assert frame[Account.SEGMENT].str.count(r" \| ").eq(2).all()
    pd.testing.assert_frame_equal(frame, demo.synthetic_accounts(20_000, seed=3))


def test_synthetic_reps_cover_every_account_region():
    reps = demo.synthetic_reps(16, seed=1)
    assert list(reps.columns) == [Rep.NAME, Rep.MANAGER, Rep.REGION, Rep.QUOTA, Rep.CAPACITY]
    accounts = demo.synthetic_accounts(5_000, seed=1, reps=reps)
    assert set(accounts[Account.REGION]) <= set(reps[Rep.REGION])
    assert accounts[Account.OWNER].isin(reps[Rep.NAME]).all()
