"""The US market reference: mapping, builder from the census file, and the shipped CSV."""

from __future__ import annotations

import pandas as pd
import pytest

from planner import demo
from planner.errors import InputError
from planner.geo import US_STATES
from planner.market_reference import (
    INDUSTRY_NAICS,
    UNCOVERED_INDUSTRIES,
    build_market_reference,
    load_market_reference,
    naics_sector,
    write_market_reference,
)
from planner.paths import MARKET_REFERENCE
from planner.schema import MARKET, Market

CENSUS_FILE = "us_state_2digitnaics_2021.csv"


@pytest.fixture
def census(census_dir) -> pd.DataFrame:
    return pd.read_csv(census_dir / CENSUS_FILE, encoding="utf-8-sig", dtype=str)


def test_every_demo_industry_has_a_sector():
    assert set(demo.INDUSTRIES) == set(INDUSTRY_NAICS)
    sectors = naics_sector(pd.Series(list(demo.INDUSTRIES)))
    assert sectors.notna().all()


def test_aliases_and_spelling_variants_find_their_sector():
    names = pd.Series(
        ["healthcare", "  Banking ", "technolgy", "Life  Sciences", "Underwater Basket Weaving", None]
    )
    assert naics_sector(names).tolist() == ["62", "52", "51", "54", pd.NA, pd.NA]


def test_shipped_table_covers_every_state_for_each_covered_industry():
    table = load_market_reference()
    assert list(table.columns) == MARKET.names
    covered = set(INDUSTRY_NAICS) - set(UNCOVERED_INDUSTRIES)
    assert set(table[Market.INDUSTRY]) == covered
    assert set(table[Market.STATE]) == set(US_STATES)
    assert (table.groupby(Market.INDUSTRY)[Market.STATE].nunique() == len(US_STATES)).all()
    assert not table.duplicated([Market.INDUSTRY, Market.STATE]).any()
    assert (table[[Market.FIRMS, Market.EMPLOYMENT, Market.PAYROLL]] > 0).all().all()
    assert (table[Market.NAICS] == table[Market.INDUSTRY].map(INDUSTRY_NAICS)).all()


def test_builder_reproduces_the_shipped_file(census_dir, tmp_path):
    rebuilt = write_market_reference(build_market_reference(census_dir), tmp_path / "market.csv")
    assert rebuilt.read_bytes() == MARKET_REFERENCE.read_bytes()


def test_sector_totals_match_the_census(census_dir, census):
    table = build_market_reference(census_dir / CENSUS_FILE)
    health = table[table[Market.INDUSTRY] == "Healthcare"]
    sector = census[census["NAICS"] == "62"]
    states = sector[sector["State"] != "00"]
    national = sector[sector["State"] == "00"].iloc[0]
    assert health[Market.FIRMS].sum() == states["Firms"].astype(int).sum()
    # Employment and payroll add up over states to the national row; payroll is converted from $1,000.
    assert health[Market.EMPLOYMENT].sum() == int(national["Employment"]) == 20_681_593
    assert health[Market.PAYROLL].sum() == int(national["Annual_Payroll_($1,000)"]) * 1_000
    ny = health.set_index(Market.STATE).loc["NY"]
    census_ny = states.set_index("State").loc["36"]
    assert ny[Market.EMPLOYMENT] == int(census_ny["Employment"])


def test_census_file_without_expected_columns_is_a_clear_input_error(tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("State,NAICS,Firms\n01,62,10\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"lacks columns .*Employment"):
        build_market_reference(path)


def test_non_numeric_census_cell_names_row_and_column(tmp_path):
    header = 'State,NAICS,Firms,Employment,"Annual_Payroll_($1,000)"\n'
    path = tmp_path / "bad.csv"
    path.write_text(header + "01,62,10,200,3000\n02,62,(D),100,2000\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        build_market_reference(path)
    assert error.value.row == 3 and error.value.column == "Firms"


def test_missing_census_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="not found"):
        build_market_reference(tmp_path / "nowhere.csv")
