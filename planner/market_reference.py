"""The US market reference table: firms, employment and payroll per industry x state, from Census SUSB.

Market size in scoring needs an outside view of how big each industry is in each state, not only
how many accounts the CRM happens to hold. The public Census "Statistics of U.S. Businesses" (SUSB)
2021 table gives that per state x NAICS 2-digit sector; this module maps the industry names sales
teams use onto NAICS sectors (``INDUSTRY_NAICS``, one documented line each) and reshapes the census
file into the canonical ``Market`` columns. The result ships as ``data/market_reference_us.csv``
(see ``data/market_reference_us.md``); ``python -m planner.market_reference`` rebuilds it.

A sector is broader than the industry name (Technology and Media share Information, 51), so the
reference is an upper bound on the addressable market, best used to compare states and industries
with each other. SUSB does not cover public administration (NAICS 92): Government has a sector but
no census rows, and is listed in ``UNCOVERED_INDUSTRIES``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Final

import pandas as pd

from planner.errors import InputError
from planner.export import write_csv
from planner.geo import STATE_FIPS
from planner.paths import MARKET_REFERENCE
from planner.schema import MARKET, Market

# The industries of the demo (and the most common CRM picklist names) -> NAICS 2017 sector code.
INDUSTRY_NAICS: Final[dict[str, str]] = {
    "Healthcare": "62",  # Health Care and Social Assistance: hospitals, physicians, clinics, care homes.
    "Life Sciences": "54",  # 5417 Scientific R&D (biotech, CROs); pharma plants sit in 31-33 instead.
    "Financial Services": "52",  # Finance and Insurance: banks, insurers, asset managers, credit unions.
    "Manufacturing": "31-33",  # Manufacturing, all three NAICS ranges.
    "Retail": "44-45",  # Retail Trade: stores and non-store retailers (e-commerce).
    "Technology": "51",  # Information: software publishers (5112), data processing/hosting (518).
    "Education": "61",  # Educational Services: schools, colleges, universities, training (private employers).
    "Government": "92",  # Public Administration: not covered by SUSB, so no census rows (see module doc).
    "Energy & Utilities": "22",  # Utilities: power generation and distribution, natural gas, water.
    "Professional Services": "54",  # Professional, Scientific and Technical: legal, accounting, consulting.
    "Media": "51",  # Information: publishing, motion pictures, broadcasting (shares 51 with Technology).
    "Transportation & Logistics": "48-49",  # Transportation and Warehousing: freight, shipping, couriers.
}

# Other spellings seen in CRM exports and public datasets (Salesforce picklist, Maven CRM, Fortune sectors),
# lower-cased -> NAICS sector, so a user's own industry names find their market too.
SECTOR_ALIASES: Final[dict[str, str]] = {
    "health care": "62",
    "medical": "62",
    "hospital & health care": "62",
    "biotechnology": "54",
    "pharmaceuticals": "31-33",
    "banking": "52",
    "finance": "52",
    "financials": "52",
    "insurance": "52",
    "industrials": "31-33",
    "machinery": "31-33",
    "electronics": "31-33",
    "chemicals": "31-33",
    "apparel": "31-33",
    "motor vehicles & parts": "31-33",
    "aerospace & defense": "31-33",
    "food, beverages & tobacco": "31-33",
    "retailing": "44-45",
    "food & drug stores": "44-45",
    "software": "51",
    "technolgy": "51",  # Maven CRM's spelling
    "telecommunications": "51",
    "communications": "51",
    "entertainment": "71",
    "recreation": "71",
    "hospitality": "72",
    "hotels, restaurants & leisure": "72",
    "energy": "22",
    "utilities": "22",
    "consulting": "54",
    "engineering": "54",
    "marketing": "54",
    "business services": "54",
    "services": "54",
    "employment": "56",  # staffing agencies: Administrative and Support Services
    "transportation": "48-49",
    "shipping": "48-49",
    "construction": "23",
    "engineering & construction": "23",
    "agriculture": "11",
    "wholesalers": "42",
    "not for profit": "81",
    "public sector": "92",
}

# Industries whose sector the census table does not cover (no reference rows).
UNCOVERED_INDUSTRIES: Final = ("Government",)

# Columns of the SUSB state x sector extract.
_CENSUS_COLUMNS: Final = {
    "State": "state_fips",
    "NAICS": "naics",
    "Firms": Market.FIRMS,
    "Employment": Market.EMPLOYMENT,
    "Annual_Payroll_($1,000)": "payroll_thousands",
}
_CENSUS_FILE: Final = "us_state_2digitnaics_2021.csv"
_US_TOTAL_FIPS: Final = "00"


def naics_sector(industries: pd.Series) -> pd.Series:
    """NAICS sector of each industry name (canonical names, then aliases; case-insensitive); NA if unknown."""
    table = {name.lower(): code for name, code in INDUSTRY_NAICS.items()} | SECTOR_ALIASES
    keys = industries.astype("string").str.strip().str.lower().str.replace(r"\s+", " ", regex=True)
    return keys.map(table).astype("string")


def read_census(census_csv: str | Path) -> pd.DataFrame:
    """The SUSB extract with codes kept as text; a folder means the standard file inside it."""
    path = Path(census_csv)
    if path.is_dir():
        path = path / _CENSUS_FILE
    if not path.is_file():
        raise InputError(
            "census table not found", file=str(path), hint="point at the SUSB state x sector CSV"
        )
    raw = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    missing = [column for column in _CENSUS_COLUMNS if column not in raw.columns]
    if missing:
        raise InputError(
            f"census table lacks columns {missing}; found {list(raw.columns)}",
            file=str(path),
            hint="use the SUSB 2021 state x 2-digit NAICS extract",
        )
    return raw


def build_market_reference(census_csv: str | Path) -> pd.DataFrame:
    """Canonical market table (industry, state, naics, firms, employment, payroll_usd) from the census file.

    One row per industry x state where the census has the industry's sector; states as 2-letter
    codes (the national ``00`` rows are left out: they are not a state); payroll converted from
    the census $1,000 to USD.
    """
    census = read_census(census_csv)[list(_CENSUS_COLUMNS)]
    for source in ("Firms", "Employment", "Annual_Payroll_($1,000)"):
        census[source] = _census_number(census[source], source)
    census = census.rename(columns=_CENSUS_COLUMNS)
    census = census[census["state_fips"] != _US_TOTAL_FIPS]
    census[Market.STATE] = census["state_fips"].map(STATE_FIPS)
    unknown = census[Market.STATE].isna()
    if unknown.any():
        codes = sorted(set(census.loc[unknown, "state_fips"]))
        raise InputError(
            f"unknown state FIPS codes {codes}", column="State", hint="expected the 50 states and DC"
        )
    census[Market.PAYROLL] = census["payroll_thousands"] * 1_000.0

    industries = pd.DataFrame(
        {Market.INDUSTRY: list(INDUSTRY_NAICS), Market.NAICS: list(INDUSTRY_NAICS.values())}
    )
    table = industries.merge(census, on=Market.NAICS, how="inner", validate="many_to_many")
    table = table[MARKET.names].sort_values([Market.INDUSTRY, Market.STATE], ignore_index=True)
    for column in (Market.INDUSTRY, Market.STATE, Market.NAICS):
        table[column] = table[column].astype("string")
    return table


def _census_number(values: pd.Series, column: str) -> pd.Series:
    """Census counts as float64; a cell that is not a plain number is an input error, not a silent NaN."""
    cleaned = values.str.replace(",", "", regex=False).str.strip()
    numbers = pd.to_numeric(cleaned, errors="coerce")
    bad = numbers.isna()
    if bad.any():
        row = int(bad.to_numpy().argmax())
        raise InputError(
            f"census value {values.iloc[row]!r} is not a number",
            row=int(values.index[row]) + 2,
            column=column,
        )
    return numbers.astype("float64")


def write_market_reference(table: pd.DataFrame, path: str | Path = MARKET_REFERENCE) -> Path:
    """Write the table as Excel-safe CSV, counts and dollars as whole numbers."""
    counts = (Market.FIRMS, Market.EMPLOYMENT, Market.PAYROLL)
    return write_csv(table.astype(dict.fromkeys(counts, "Int64")), path)


def load_market_reference(path: str | Path = MARKET_REFERENCE) -> pd.DataFrame:
    """The shipped (or a rebuilt) reference table in canonical dtypes."""
    table = pd.read_csv(path, encoding="utf-8-sig", dtype={Market.STATE: str, Market.NAICS: str})
    for column in (Market.INDUSTRY, Market.STATE, Market.NAICS):
        table[column] = table[column].astype("string")
    for column in (Market.FIRMS, Market.EMPLOYMENT, Market.PAYROLL):
        table[column] = table[column].astype("float64")
    return table[MARKET.names]


def main(argv: list[str] | None = None) -> int:
    """``python -m planner.market_reference --census DIR --out data/market_reference_us.csv``."""
    parser = argparse.ArgumentParser(prog="python -m planner.market_reference", description=main.__doc__)
    parser.add_argument("--census", type=Path, required=True, help="SUSB state x sector CSV, or its folder")
    parser.add_argument("--out", type=Path, default=MARKET_REFERENCE, help="where to write the reference CSV")
    args = parser.parse_args(argv)
    path = write_market_reference(build_market_reference(args.census), args.out)
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
