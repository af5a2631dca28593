import numpy as np
import pandas as pd
import pytest

from planner.schema import LOST, WON, Account, Market, Opportunity, Score, SegmentStats
from planner.scoring.market import account_market, read_reference
from planner.scoring.model import ScoreModel
from planner.scoring.priority import Weights, rank
from planner.scoring.segments import rollup


def _accounts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            Account.ID: pd.Series(["a", "b", "c", "d"], dtype="string"),
            Account.SEGMENT: pd.Series(["S1", "S1", "S2", "S3"], dtype="string"),
            Account.INDUSTRY: pd.Series(["Retail", "Retail", "Energy", "Retail"], dtype="string"),
            Account.REGION: pd.Series(["West", "West", "West", "EMEA"], dtype="string"),
            Account.SIZE_BAND: pd.Series(["1-49"] * 4, dtype="string"),
        }
    )


def test_segment_market_sums_potential_and_joins_the_reference():
    reference = pd.DataFrame(
        {
            Market.INDUSTRY: ["retail", "Retail", "Energy"],
            Market.STATE: ["CA", "WA", "CA"],
            Market.FIRMS: [100.0, 50.0, 10.0],
            Market.EMPLOYMENT: [1000.0, 500.0, 100.0],
        }
    )
    market, pct, table = account_market(_accounts(), np.array([10.0, 30.0, 5.0, 1.0]), reference)
    assert list(market) == [40.0, 40.0, 5.0, 1.0]
    by_segment = table.set_index(Account.SEGMENT)
    assert by_segment.loc["S1", SegmentStats.ACCOUNTS] == 2
    # West = CA + WA; the case of the industry name does not matter; EMEA is outside a US reference.
    assert by_segment.loc["S1", SegmentStats.REF_FIRMS] == 150.0
    assert by_segment.loc["S2", SegmentStats.REF_FIRMS] == 10.0
    assert np.isnan(by_segment.loc["S3", SegmentStats.REF_FIRMS])
    assert pct[0] == pct[1] == pct.max()


def test_shipped_reference_reads(tmp_path):
    from planner.paths import MARKET_REFERENCE

    if not MARKET_REFERENCE.is_file():
        pytest.skip("market reference not built yet")
    frame = read_reference(MARKET_REFERENCE)
    assert frame[Market.FIRMS].sum() > 1_000_000


def test_reference_without_required_columns_is_an_input_error(tmp_path):
    from planner.errors import InputError

    path = tmp_path / "ref.csv"
    path.write_text("sector,firms\nRetail,3\n")
    with pytest.raises(InputError, match="lacks columns"):
        read_reference(path)


def test_rollup_matches_a_direct_computation(crm):
    accounts, opportunities = crm
    model = ScoreModel().fit(accounts, opportunities)
    components = model.components(accounts)
    ranked = rank(components.frame, Weights())
    segments = rollup(ranked, components.market, model.deal_stats_).set_index(Account.SEGMENT)
    assert segments[SegmentStats.ACCOUNTS].sum() == len(accounts)
    name = ranked[Account.SEGMENT].value_counts().index[0]
    members = ranked[ranked[Account.SEGMENT] == name]
    row = segments.loc[name]
    assert row[SegmentStats.SCORE] == pytest.approx(members[Score.PRIORITY].mean())
    assert row[SegmentStats.PENETRATION] == pytest.approx(members[Score.CUSTOMER].mean())
    deals = opportunities[opportunities[Opportunity.ACCOUNT_ID].isin(members[Account.ID])]
    closed = deals[deals[Opportunity.OUTCOME].isin([WON, LOST])]
    assert row[SegmentStats.CLOSED] == len(closed)
    assert row[SegmentStats.WIN_RATE] == pytest.approx((closed[Opportunity.OUTCOME] == WON).mean())
    won = closed[closed[Opportunity.OUTCOME] == WON]
    assert row[SegmentStats.AVG_WON] == pytest.approx(won[Opportunity.AMOUNT].mean())
    assert row[SegmentStats.MEDIAN_CYCLE] == pytest.approx(won[Opportunity.CYCLE_DAYS].median())
