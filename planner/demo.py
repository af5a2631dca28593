"""The bundled demo dataset: a seeded, vectorised generator of a plausible two-year CRM history.

The demo must be useful at once on a fresh start, so it is not noise: it has structure a sales VP
would recognise and that the scoring, ideal-profile, territory and coaching steps should find.
``generate_demo(seed=7)`` is deterministic (same seed, same bytes) and writes Salesforce-style
headers, because the files are loaded through the normal ingest with automatic column mapping.

Planted structure (the constants below; ``tests/test_demo.py`` checks each point on the frames):

* **Accounts** (6,000): twelve industries that each map to a NAICS sector
  (``planner.market_reference.INDUSTRY_NAICS``); employees lognormal (median ~300, sigma 1.45,
  clipped to 1 .. 100,000) shifted per industry; annual revenue = employees x industry revenue per
  employee x lognormal noise; ~91 % in US states drawn by state GDP (two-letter codes), ~9 % in
  Canada, the United Kingdom, Germany, France, the Netherlands and Australia (no state); lat/lon
  scattered around the state/country centroid; ~8 % have no owner; 150 subsidiaries point at ~40
  large parents (same industry); ARR only for accounts with won deals (won amounts x retention).
* **Best-fit segment** (``PLANTED_*``): Healthcare or Life Sciences, 500-4,999 employees,
  Northeast. Its deals win ~50 % of the time against ~24 % overall, are 35 % bigger than deals of
  the same account size elsewhere and close 30 % faster; its accounts also get 1.8x the deals and
  Healthcare/Life Sciences are 1.8x as common in the Northeast. Outside it, wins follow a gentler
  logistic gradient: Healthcare/Life Sciences/Financial Services above average, Government/Education
  below; 200-4,999 employees above small and very large; Northeast slightly above.
* **Deal size** grows log-linearly with employees (elasticity 0.3) times a product list price and
  lognormal noise (sigma 0.45); bigger accounts also pick the bigger products (``PRODUCTS``:
  Insight Starter $6k, Insight Pro $15k, Insight Enterprise $45k, Data Connectors $9k, Premium
  Support $4.5k at 300 employees).
* **Cycle time** 20-200 days (lognormal, median ~75; lost deals drag 15 % longer).
* **Reps** (24 under 4 managers: Northeast, Southeast, Central = Midwest + Southwest, West =
  West + international). A rep's ``Region`` uses the account regions of ``planner.geo``
  (Northeast, Southeast, Midwest, Southwest, West, EMEA, Canada; the Canada rep also covers APAC),
  and every region's reps together have the capacity for all its accounts. Books are uneven on
  purpose (a territory plan has work to do). ``TOP_REPS`` win more than peers on comparable deals;
  ``STALLERS`` lose 70 % of their lost deals at their stage (``Stage at Loss``; the team spreads
  its losses 28/32/25/15 % over ``PIPELINE_STAGES``), their open deals pile up there, and they win
  less. The opportunity owner is the account owner 85 % of the time.
  Three reps carry territory eligibility (``ELIGIBILITY``); the plan still meets ±5 %.
* **Quotas** come from each rep's territory (expected bookings of their last-12-month deals at
  team-average skill) so that team attainment over Nov 2025 - Oct 2026 is 95 %.
* **Outcomes**: deals created over the two years before ``AS_OF`` (2026-11-01); a deal whose close
  date falls after ``AS_OF`` is open (its Close Date is the expected one) and sits in the stage its
  elapsed time reached; closed deals are "Closed Won" / "Closed Lost".

With seed 7: 18,000 deals = 3,734 won, 11,937 lost, 2,329 open; closed win rate 23.8 %; the
planted segment has 119 accounts and 786 closed deals winning 50.1 % (22.4 % for all other deals);
its median won deal is $36,000 vs $11,600, its median won cycle 56 vs 74 days.

``synthetic_accounts`` / ``synthetic_reps`` reuse the same firmographics at any scale, in canonical
column names, for benchmarks.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from planner.export import write_csv
from planner.geo import COUNTRIES, US_STATES
from planner.paths import DEMO_DIR
from planner.schema import PIPELINE_STAGES, Account, Rep, segment_label, size_band

AS_OF: Final = pd.Timestamp("2026-11-01")
HISTORY_DAYS: Final = 730
N_ACCOUNTS: Final = 6_000
N_OPPORTUNITIES: Final = 18_000

# Demo file headers (Salesforce report export names); ingest maps them automatically.
ACCOUNT_HEADERS: Final = (
    "Account ID",
    "Account Name",
    "Industry",
    "Employees",
    "Annual Revenue",
    "Billing Country",
    "Billing State/Province",
    "Latitude",
    "Longitude",
    "Account Owner",
    "ARR",
    "Parent Account ID",
)
OPPORTUNITY_HEADERS: Final = (
    "Opportunity ID",
    "Account ID",
    "Account Name",
    "Opportunity Owner",
    "Product",
    "Stage",
    "Amount",
    "Created Date",
    "Close Date",
    "Stage at Loss",
)
REP_HEADERS: Final = (
    "Rep",
    "Manager",
    "Region",
    "Annual Quota",
    "Capacity",
    "Eligible Regions",
    "Eligible Industries",
)

# industry -> (weight, log shift of the employee median, revenue per employee in USD)
INDUSTRIES: Final[dict[str, tuple[float, float, float]]] = {
    "Healthcare": (11, 0.2, 150_000),
    "Life Sciences": (6, 0.0, 450_000),
    "Financial Services": (10, 0.1, 500_000),
    "Manufacturing": (12, 0.2, 300_000),
    "Retail": (9, 0.1, 250_000),
    "Technology": (12, -0.1, 350_000),
    "Education": (6, 0.3, 90_000),
    "Government": (5, 0.5, 120_000),
    "Energy & Utilities": (5, 0.3, 700_000),
    "Professional Services": (10, -0.4, 200_000),
    "Media": (5, -0.2, 300_000),
    "Transportation & Logistics": (7, 0.1, 220_000),
}
# Win-rate effects (logit) of each industry outside the planted segment.
_INDUSTRY_WIN: Final = {
    "Healthcare": 0.35,
    "Life Sciences": 0.35,
    "Financial Services": 0.2,
    "Technology": 0.1,
    "Professional Services": 0.05,
    "Manufacturing": 0.0,
    "Energy & Utilities": 0.0,
    "Retail": -0.15,
    "Media": -0.1,
    "Transportation & Logistics": -0.1,
    "Education": -0.3,
    "Government": -0.45,
}
_REGION_WIN: Final = {"Northeast": 0.15, "EMEA": -0.1, "Canada": -0.05, "APAC": -0.2}

PLANTED_INDUSTRIES: Final = ("Healthcare", "Life Sciences")
PLANTED_REGION: Final = "Northeast"
PLANTED_EMPLOYEES: Final = (500, 5_000)  # inclusive lower, exclusive upper
PLANTED_WIN_RATE: Final = 0.45
OVERALL_WIN_RATE: Final = 0.23

# International share of accounts by country; the rest are US, spread by state GDP.
_INTERNATIONAL: Final = {
    "Canada": 0.033,
    "United Kingdom": 0.02,
    "Germany": 0.011,
    "France": 0.008,
    "Netherlands": 0.006,
    "Australia": 0.009,
}
# Approximate 2023 state GDP, $ billions: where the companies are.
_STATE_GDP: Final = {
    "CA": 3870, "TX": 2560, "NY": 2150, "FL": 1580, "IL": 1050, "PA": 970, "OH": 880, "GA": 800,
    "NJ": 800, "WA": 800, "NC": 770, "MA": 720, "VA": 690, "MI": 660, "CO": 520, "TN": 520,
    "MD": 500, "AZ": 510, "IN": 480, "MN": 450, "WI": 410, "MO": 420, "CT": 330, "SC": 310,
    "OR": 300, "LA": 300, "AL": 300, "UT": 260, "KY": 260, "OK": 250, "IA": 240, "NV": 230,
    "KS": 210, "AR": 170, "NE": 170, "DC": 170, "MS": 140, "NM": 130, "ID": 110, "NH": 110,
    "HI": 100, "WV": 100, "DE": 95, "ME": 90, "RI": 75, "ND": 75, "SD": 70, "MT": 70, "AK": 65,
    "WY": 50, "VT": 42,
}  # fmt: skip

# product -> (list price at 300 employees, affinity for larger accounts)
PRODUCTS: Final[dict[str, tuple[float, float]]] = {
    "Insight Starter": (6_000, -1.2),
    "Insight Pro": (15_000, 0.0),
    "Insight Enterprise": (45_000, 1.3),
    "Data Connectors": (9_000, 0.3),
    "Premium Support": (4_500, -0.3),
}
_PRODUCT_WIN: Final = {"Insight Starter": 0.1, "Insight Enterprise": -0.15}

# The sales team: (rep, manager, region). Managers lead Northeast, Southeast, Central, West.
_ROSTER: Final = (
    ("Olivia Bennett", "Catherine Doyle", "Northeast"),
    ("Marcus Reid", "Catherine Doyle", "Northeast"),
    ("Priya Raman", "Catherine Doyle", "Northeast"),
    ("Daniel Kowalski", "Catherine Doyle", "Northeast"),
    ("Hannah Schultz", "Catherine Doyle", "Northeast"),
    ("Andre Jackson", "Luis Moreno", "Southeast"),
    ("Emily Carter", "Luis Moreno", "Southeast"),
    ("Kevin Nguyen", "Luis Moreno", "Southeast"),
    ("Sofia Alvarez", "Luis Moreno", "Southeast"),
    ("Brian O'Connell", "Luis Moreno", "Southeast"),
    ("Rachel Kim", "Thomas Lindqvist", "Midwest"),
    ("Jason Miller", "Thomas Lindqvist", "Midwest"),
    ("Aisha Mohammed", "Thomas Lindqvist", "Midwest"),
    ("Tyler Brooks", "Thomas Lindqvist", "Midwest"),
    ("Gabriela Ortiz", "Thomas Lindqvist", "Southwest"),
    ("Nathan Price", "Thomas Lindqvist", "Southwest"),
    ("Megan Walsh", "Thomas Lindqvist", "Southwest"),
    ("Ethan Park", "Grace Whitfield", "West"),
    ("Chloe Dubois", "Grace Whitfield", "West"),
    ("Ryan Thompson", "Grace Whitfield", "West"),
    ("Isabella Rossi", "Grace Whitfield", "West"),
    ("Samuel Green", "Grace Whitfield", "West"),
    ("Charlotte Evans", "Grace Whitfield", "EMEA"),
    ("Liam Fraser", "Grace Whitfield", "Canada"),
)
# Account regions each rep region covers (the Canada rep also carries the few APAC accounts).
_REP_COVERAGE: Final = {"Canada": ("Canada", "APAC")}
# Territory eligibility (empty = anywhere): the international reps also work one US region, and Priya
# Raman specialises in the planted segment's industries plus Financial Services. The demo plan still
# meets ±5% with these rules.
ELIGIBILITY: Final = {
    "Charlotte Evans": ("EMEA; Northeast", ""),
    "Liam Fraser": ("Canada; APAC; Midwest", ""),
    "Priya Raman": ("", "Healthcare; Life Sciences; Financial Services"),
}
TOP_REPS: Final = ("Priya Raman", "Emily Carter", "Ethan Park")
# rep -> the stage their deals die at.
STALLERS: Final = {
    "Marcus Reid": "Proposal",
    "Jason Miller": "Proposal",
    "Kevin Nguyen": "Negotiation",
    "Ryan Thompson": "Qualification",
}
_TEAM_LOSS_STAGES: Final = (0.28, 0.32, 0.25, 0.15)  # share of lost deals per PIPELINE_STAGES
_STALL_SHARE: Final = 0.7

_NAME_FIRST: Final = (  # noqa: SIM905 (a word list reads better as prose)
    "Acme Alder Apex Arbor Ashford Atlas Aurora Avalon Beacon Bedford Birch Blue Boulder Bradford "
    "Bright Brook Cambridge Canyon Cardinal Carver Cascade Cedar Centennial Chapman Clear Coastal "
    "Cobalt Copper Crescent Crown Cypress Dalton Delta Eagle Eastwood Echo Elm Emerald Everest "
    "Fairview Falcon Fenwick Fox Franklin Frontier Garnet Glacier Golden Granite Greenfield Hamilton "
    "Harbor Harper Hawthorne Heritage Highland Horizon Hudson Iron Juniper Keystone Lakeside Landmark "
    "Laurel Liberty Lincoln Maple Mercer Meridian Midland Monarch Müller Northgate Oakridge Orion "
    "Pacific Patriot Peak Pinnacle Prairie Quarry Redwood Ridge Riverside Rockwell Sagebrush Sterling "
    "Summit Sutton Tanager Thornton Timber Trident Union Valley Vanguard Vertex Walden Westbrook "
    "Whitman Willow Windsor Lefèvre Østergaard Zenith"
).split()
_NAME_SECOND: Final = (  # noqa: SIM905
    "Advanced Allied American Applied Bay Capital Central Coast Consolidated Continental County "
    "Digital Dynamic First Global Grand Great Hill Integrated Lake Mountain National North Park "
    "Pioneer Premier Prime Regional Royal Smart South Standard State Strategic United Unified West "
    "Point Bridge Stone Field Creek Gate Line Wood Spring Star Shore Crest Rock Vale Mill Port Haven "
    "Ford Dale Land Way"
).split()
_NAME_SUFFIX: Final = {
    "Healthcare": ("Health", "Medical Center", "Health System", "Clinics", "Care Partners"),
    "Life Sciences": ("Biosciences", "Therapeutics", "Pharma", "Diagnostics", "Labs"),
    "Financial Services": ("Bank", "Financial", "Capital Partners", "Insurance", "Credit Union"),
    "Manufacturing": ("Industries", "Manufacturing", "Components", "Fabrication", "Machinery"),
    "Retail": ("Stores", "Outfitters", "Market", "Retail Group", "Supply Co."),
    "Technology": ("Software", "Systems", "Technologies", "Networks", "Data"),
    "Education": ("University", "College", "School District", "Academy", "Learning"),
    "Government": ("County", "City Services", "Public Works", "Transit Authority", "State Agency"),
    "Energy & Utilities": ("Energy", "Power", "Utilities", "Renewables", "Gas & Electric"),
    "Professional Services": ("Consulting", "Advisors", "& Associates", "Partners", "Legal LLP"),
    "Media": ("Media", "Studios", "Publishing", "Broadcasting", "Entertainment"),
    "Transportation & Logistics": ("Logistics", "Freight", "Transport", "Shipping", "Carriers"),
}


@dataclass(frozen=True)
class DemoData:
    """The three demo tables in their export form (the headers above, not canonical names)."""

    accounts: pd.DataFrame
    opportunities: pd.DataFrame
    reps: pd.DataFrame


@dataclass(frozen=True)
class _Firmographics:
    """Per-account arrays shared by the demo and the benchmark generator.

    Locations and industries are drawn as integer codes into small tables and only then expanded
    to text by indexing, which keeps 10M accounts fast (no per-row string work).
    """

    industry_code: np.ndarray
    location: np.ndarray  # index into _LOCATIONS
    employees: np.ndarray
    revenue: np.ndarray
    lat: np.ndarray
    lon: np.ndarray

    @property
    def industry(self) -> np.ndarray:
        return _INDUSTRY_NAMES[self.industry_code]

    @property
    def country(self) -> np.ndarray:
        return _LOCATIONS.country[self.location]

    @property
    def state(self) -> np.ndarray:
        return _LOCATIONS.state[self.location]

    @property
    def region(self) -> np.ndarray:
        return _LOCATIONS.region[self.location]


@dataclass(frozen=True)
class _LocationTable:
    """Every place an account can be: the US states (weighted by GDP) then the international countries."""

    country: np.ndarray
    state: np.ndarray  # "" outside the US
    region: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    weight: np.ndarray  # probability of an account being there


def _location_table() -> _LocationTable:
    states = list(_STATE_GDP)
    countries = list(_INTERNATIONAL)
    gdp = np.array(list(_STATE_GDP.values()), dtype=float)
    us_share = 1 - sum(_INTERNATIONAL.values())
    return _LocationTable(
        country=np.array(["United States"] * len(states) + countries),
        state=np.array(states + [""] * len(countries)),
        region=np.array([US_STATES[s][1] for s in states] + [COUNTRIES[c][0] for c in countries]),
        lat=np.array([US_STATES[s][2] for s in states] + [COUNTRIES[c][1] for c in countries]),
        lon=np.array([US_STATES[s][3] for s in states] + [COUNTRIES[c][2] for c in countries]),
        weight=np.concatenate([us_share * gdp / gdp.sum(), list(_INTERNATIONAL.values())]),
    )


_LOCATIONS: Final = _location_table()
_INDUSTRY_NAMES: Final = np.array(list(INDUSTRIES))


def _lookup(keys: np.ndarray, table: dict[str, float], default: float = 0.0) -> np.ndarray:
    """Vectorised ``table.get(key, default)`` over an array of strings."""
    uniques, inverse = np.unique(keys, return_inverse=True)
    values = np.array([table.get(str(u), default) for u in uniques], dtype=float)
    return values[inverse]


def _firmographics(rng: np.random.Generator, n: int) -> _Firmographics:
    """Industry, size, revenue and location for ``n`` accounts, all vectorised."""
    location = rng.choice(len(_LOCATIONS.weight), size=n, p=_LOCATIONS.weight)

    # Healthcare and Life Sciences cluster in the Northeast (Boston, New Jersey, Philadelphia).
    weights = np.array([v[0] for v in INDUSTRIES.values()], dtype=float)
    boosted = weights * np.where(np.isin(_INDUSTRY_NAMES, PLANTED_INDUSTRIES), 1.8, 1.0)
    in_planted_region = (_LOCATIONS.region == PLANTED_REGION)[location]
    industry_code = np.where(
        in_planted_region,
        rng.choice(len(weights), size=n, p=boosted / boosted.sum()),
        rng.choice(len(weights), size=n, p=weights / weights.sum()),
    )
    shift = np.array([v[1] for v in INDUSTRIES.values()])[industry_code]
    employees = np.clip(np.round(np.exp(rng.normal(np.log(300) + shift, 1.45))), 1, 100_000)
    per_employee = np.array([v[2] for v in INDUSTRIES.values()])[industry_code]
    revenue = np.round(employees * per_employee * rng.lognormal(0.0, 0.35, n), -3)
    revenue = np.maximum(revenue, 50_000.0)

    spread = np.where(_LOCATIONS.state == "", 2.5, 1.0)[location]
    lat = np.round(_LOCATIONS.lat[location] + rng.normal(0, 0.8, n) * spread, 4)
    lon = np.round(_LOCATIONS.lon[location] + rng.normal(0, 1.1, n) * spread, 4)
    return _Firmographics(industry_code, location, employees, revenue, lat, lon)


def _prefixed_ids(prefix: str, n: int) -> np.ndarray:
    """Salesforce-looking 15-character ids (``001`` accounts, ``006`` opportunities); text, zero-padded."""
    return np.char.add(prefix, np.char.zfill(np.arange(1, n + 1).astype(str), 15 - len(prefix)))


def _account_names(rng: np.random.Generator, industry_code: np.ndarray) -> np.ndarray:
    """Unique company names: a distinct (first, second) pair per account plus an industry suffix."""
    n = len(industry_code)
    pairs = rng.choice(len(_NAME_FIRST) * len(_NAME_SECOND), size=n, replace=False)
    first = np.array(_NAME_FIRST)[pairs // len(_NAME_SECOND)]
    second = np.array(_NAME_SECOND)[pairs % len(_NAME_SECOND)]
    suffix_table = np.array([_NAME_SUFFIX[name] for name in INDUSTRIES])
    suffix = suffix_table[industry_code, rng.integers(0, 5, n)]
    return np.char.add(np.char.add(np.char.add(first, " "), np.char.add(second, " ")), suffix)


def _pick_rows(rng: np.random.Generator, probabilities: np.ndarray) -> np.ndarray:
    """One categorical draw per row of a (rows x choices) probability matrix (inverse CDF)."""
    cumulative = np.cumsum(probabilities / probabilities.sum(axis=1, keepdims=True), axis=1)
    draws = rng.random(len(probabilities))[:, None]
    return np.minimum((cumulative < draws).sum(axis=1), probabilities.shape[1] - 1)


def _covering_reps(region: np.ndarray) -> dict[str, np.ndarray]:
    """Account region -> indexes (into ``_ROSTER``) of the reps who cover it."""
    coverage: dict[str, list[int]] = {}
    for index, (_rep, _manager, rep_region) in enumerate(_ROSTER):
        for covered in _REP_COVERAGE.get(rep_region, (rep_region,)):
            coverage.setdefault(covered, []).append(index)
    missing = set(np.unique(region)) - set(coverage)
    if missing:
        raise ValueError(f"no demo rep covers regions {sorted(missing)}")
    return {key: np.array(value) for key, value in coverage.items()}


def _assign_reps(rng: np.random.Generator, region: np.ndarray, load: np.ndarray) -> np.ndarray:
    """A covering rep per row, drawn with each rep's relative ``load`` (one loop per region, not per row)."""
    coverage = _covering_reps(region)
    out = np.empty(len(region), dtype=int)
    for name in np.unique(region):
        rows = np.flatnonzero(region == name)
        reps = coverage[str(name)]
        out[rows] = reps[rng.choice(len(reps), size=len(rows), p=load[reps] / load[reps].sum())]
    return out


def _calibrated_intercept(logit: np.ndarray, target: float) -> float:
    """The intercept that makes the mean win probability equal ``target`` (bisection, deterministic)."""
    low, high = -10.0, 10.0
    for _ in range(60):
        mid = (low + high) / 2
        if (1 / (1 + np.exp(-(logit + mid)))).mean() < target:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def generate_demo(seed: int = 7) -> DemoData:
    """The demo tables for ``seed``; same seed, same frames (and same CSV bytes)."""
    rng = np.random.default_rng(seed)
    firm = _firmographics(rng, N_ACCOUNTS)
    n = N_ACCOUNTS
    industry_code = firm.industry_code.copy()
    account_ids = _prefixed_ids("001", n)

    # A few groups: small accounts that belong to a large parent in the same industry.
    large = np.flatnonzero(firm.employees >= 5_000)
    parents = rng.choice(large, size=min(40, len(large)), replace=False)
    children = rng.choice(np.setdiff1d(np.arange(n), parents), size=150, replace=False)
    child_parent = parents[rng.integers(0, len(parents), len(children))]
    industry_code[children] = industry_code[child_parent]
    industry = _INDUSTRY_NAMES[industry_code]
    parent_id = np.full(n, "", dtype=object)
    parent_id[children] = account_ids[child_parent]
    names = _account_names(rng, industry_code)

    # Owners: reps of the account's region, uneven books (territories to rebalance), ~8% unowned.
    rep_names = np.array([r[0] for r in _ROSTER])
    book_weight = rng.uniform(0.7, 1.4, len(_ROSTER))
    owner_index = _assign_reps(rng, firm.region, book_weight)
    unowned = rng.random(n) < 0.08

    employees = firm.employees
    planted_account = (
        np.isin(industry, PLANTED_INDUSTRIES)
        & (firm.region == PLANTED_REGION)
        & (employees >= PLANTED_EMPLOYEES[0])
        & (employees < PLANTED_EMPLOYEES[1])
    )

    # Deals per account: bigger accounts, owned accounts and the planted segment see more deals.
    intensity = (
        employees**0.25
        * rng.gamma(2.0, 0.5, n)
        * np.where(unowned, 0.5, 1.0)
        * np.where(planted_account, 1.8, 1.0)
    )
    counts = rng.multinomial(N_OPPORTUNITIES, intensity / intensity.sum())
    acc = np.repeat(np.arange(n), counts)
    m = len(acc)
    planted = planted_account[acc]
    log_size = np.log10(employees[acc])

    # Owner: the account owner 85% of the time, else another rep covering the region.
    other_rep = _assign_reps(rng, firm.region[acc], np.ones(len(_ROSTER)))
    keep_owner = (rng.random(m) < 0.85) & ~unowned[acc]
    deal_rep = np.where(keep_owner, owner_index[acc], other_rep)
    deal_owner = rep_names[deal_rep]

    # Product mix shifts to the big products as accounts grow; price scales with size.
    product_names = np.array(list(PRODUCTS))
    prices = np.array([v[0] for v in PRODUCTS.values()])
    affinity = np.array([v[1] for v in PRODUCTS.values()])
    product_index = _pick_rows(rng, np.exp(np.outer(log_size - 2.5, affinity)))
    product = product_names[product_index]
    amount = (
        prices[product_index]
        * (employees[acc] / 300) ** 0.3
        * rng.lognormal(0.0, 0.45, m)
        * np.where(planted, 1.35, 1.0)
    )
    amount = np.maximum(np.round(amount, -2), 1_000.0)

    # Win probability: firmographic gradient + rep skill, calibrated; the planted segment set directly.
    skill = rng.normal(0.0, 0.12, len(_ROSTER))
    skill[np.isin(rep_names, TOP_REPS)] += 0.5
    skill[np.isin(rep_names, list(STALLERS))] -= 0.35
    size_effect = np.select(
        [employees[acc] < 50, employees[acc] < 200, employees[acc] < 5_000], [-0.35, -0.05, 0.2], -0.1
    )
    base_logit = (
        _lookup(industry[acc], _INDUSTRY_WIN)
        + _lookup(firm.region[acc], _REGION_WIN)
        + size_effect
        + _lookup(product, _PRODUCT_WIN)
    )
    planted_logit = np.log(PLANTED_WIN_RATE / (1 - PLANTED_WIN_RATE))
    # Calibrate the non-planted intercept so the overall mean lands on OVERALL_WIN_RATE.
    share = planted.mean()
    target_rest = (OVERALL_WIN_RATE - share * PLANTED_WIN_RATE) / (1 - share)
    intercept = _calibrated_intercept(base_logit[~planted] + skill[deal_rep][~planted], target_rest)
    team_logit = np.where(planted, planted_logit, base_logit + intercept)  # an average rep's odds
    win_p = 1 / (1 + np.exp(-(team_logit + skill[deal_rep])))
    won = rng.random(m) < win_p

    # Timing: created over the two years; cycle 20-200 days; the planted segment closes faster.
    created = AS_OF - pd.to_timedelta(rng.integers(1, HISTORY_DAYS + 1, m), unit="D")
    cycle = (
        rng.lognormal(np.log(75), 0.45, m)
        * np.where(planted, 0.7, 1.0)
        * np.where(won, 1.0, 1.15)
        * (employees[acc] / 300) ** 0.04
    )
    cycle = np.clip(np.round(cycle), 20, 200).astype(int)
    close = created + pd.to_timedelta(cycle, unit="D")
    is_open = np.asarray(close > AS_OF)

    # Stages: open deals sit where their elapsed time got them (stallers' deals pile up at their stage);
    # lost deals record the last stage reached.
    stages = np.array(PIPELINE_STAGES)
    stall_index = _lookup(
        deal_owner, {rep: float(PIPELINE_STAGES.index(stage)) for rep, stage in STALLERS.items()}, -1.0
    ).astype(int)
    is_staller = stall_index >= 0
    elapsed = np.asarray((AS_OF - created).days, dtype=float)
    open_stage = np.minimum((elapsed / cycle * len(stages)).astype(int), len(stages) - 1)
    stuck = is_staller & (open_stage > stall_index) & (rng.random(m) < _STALL_SHARE)
    open_stage = np.where(stuck, stall_index, open_stage)
    team_loss = rng.choice(len(stages), size=m, p=np.array(_TEAM_LOSS_STAGES))
    loss_stage = np.where(is_staller & (rng.random(m) < _STALL_SHARE), stall_index, team_loss)
    lost = ~is_open & ~won
    stage = np.where(is_open, stages[open_stage], np.where(won, "Closed Won", "Closed Lost"))
    stage_at_loss = np.where(lost, stages[loss_stage], "")
    won_closed = won & ~is_open

    # Order deals by creation, as a CRM report would list them.
    order = np.argsort(np.asarray(created.values), kind="stable")
    opportunities = pd.DataFrame(
        {
            "Opportunity ID": _prefixed_ids("006", m),
            "Account ID": account_ids[acc][order],
            "Account Name": names[acc][order],
            "Opportunity Owner": deal_owner[order],
            "Product": product[order],
            "Stage": stage[order],
            "Amount": amount[order].astype(np.int64),
            "Created Date": created[order].strftime("%Y-%m-%d"),
            "Close Date": close[order].strftime("%Y-%m-%d"),
            "Stage at Loss": stage_at_loss[order],
        }
    )

    # ARR: what current customers spend, from their won deals less some churn.
    won_total = np.bincount(acc[won_closed], weights=amount[won_closed], minlength=n)
    retention = np.where(rng.random(n) < 0.8, 1.0, rng.uniform(0.3, 1.0, n))
    arr = pd.array(np.round(won_total * retention, -2).astype(np.int64), dtype="Int64")
    arr[won_total == 0] = pd.NA

    owner = np.where(unowned, "", rep_names[owner_index])
    accounts = pd.DataFrame(
        {
            "Account ID": account_ids,
            "Account Name": names,
            "Industry": industry,
            "Employees": employees.astype(np.int64),
            "Annual Revenue": firm.revenue.astype(np.int64),
            "Billing Country": firm.country,
            "Billing State/Province": firm.state,
            "Latitude": firm.lat,
            "Longitude": firm.lon,
            "Account Owner": owner,
            "ARR": arr,
            "Parent Account ID": parent_id,
        }
    )

    reps = _demo_reps(rng, rep_names, deal_rep, amount, team_logit, won_closed, ~is_open, close)
    return DemoData(_blank_to_na(accounts), _blank_to_na(opportunities), _blank_to_na(reps))


def _demo_reps(
    rng: np.random.Generator,
    rep_names: np.ndarray,
    deal_rep: np.ndarray,
    amount: np.ndarray,
    team_logit: np.ndarray,
    won_closed: np.ndarray,
    closed: np.ndarray,
    close: pd.DatetimeIndex,
) -> pd.DataFrame:
    """Reps with quotas set from their territory: team attainment over the last 12 months ~95%."""
    last_year = closed & np.asarray(close > AS_OF - pd.DateOffset(years=1))
    expected = np.bincount(
        deal_rep[last_year],
        weights=amount[last_year] / (1 + np.exp(-team_logit[last_year])),
        minlength=len(rep_names),
    )
    booked = amount[last_year & won_closed].sum()
    quota = np.round(expected * booked / 0.95 / expected.sum(), -4)
    capacity = rng.integers(25, 33, len(rep_names)) * 10
    return pd.DataFrame(
        {
            "Rep": rep_names,
            "Manager": [r[1] for r in _ROSTER],
            "Region": [r[2] for r in _ROSTER],
            "Annual Quota": quota.astype(np.int64),
            "Capacity": capacity.astype(np.int64),
            "Eligible Regions": [ELIGIBILITY.get(r[0], ("", ""))[0] for r in _ROSTER],
            "Eligible Industries": [ELIGIBILITY.get(r[0], ("", ""))[1] for r in _ROSTER],
        }
    )


def _blank_to_na(frame: pd.DataFrame) -> pd.DataFrame:
    """Empty strings become missing values, as a CRM export leaves the cell empty."""
    return frame.replace("", pd.NA)


def write_demo(folder: str | Path = DEMO_DIR, seed: int = 7) -> list[Path]:
    """Write the demo CSVs (Excel-safe, UTF-8 with BOM) to ``folder``; returns the paths."""
    data = generate_demo(seed)
    target = Path(folder)
    return [
        write_csv(data.accounts, target / "accounts.csv"),
        write_csv(data.opportunities, target / "opportunities.csv"),
        write_csv(data.reps, target / "reps.csv"),
    ]


def synthetic_reps(k: int, seed: int = 0) -> pd.DataFrame:
    """``k`` benchmark reps in canonical columns, spread round-robin over the account regions."""
    rng = np.random.default_rng(seed)
    regions = np.unique(_LOCATIONS.region)  # every region an account can be in
    index = np.arange(k)
    names = np.char.add("Rep ", np.char.zfill((index + 1).astype(str), len(str(k))))
    return pd.DataFrame(
        {
            Rep.NAME: pd.array(names, dtype="string"),
            Rep.MANAGER: pd.array(np.char.add("Manager ", (index // 6 + 1).astype(str)), dtype="string"),
            Rep.REGION: pd.array(regions[index % len(regions)], dtype="string"),
            Rep.QUOTA: np.round(rng.uniform(0.8e6, 2.5e6, k), -4),
            Rep.CAPACITY: (rng.integers(25, 33, k) * 10).astype(float),
        }
    )


def _text(categories: np.ndarray, codes: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """A pandas string array of ``categories[codes]`` built in Arrow (code -1 is missing), fast at 10M."""
    return pd.array(pa.array(categories).take(pa.array(codes, mask=codes < 0)), dtype="string")


def _numbered(prefix: str, n: int) -> pd.api.extensions.ExtensionArray:
    """``prefix0 .. prefix{n-1}`` as a pandas string array, built in Arrow."""
    numbers = pc.cast(pa.array(np.arange(n)), pa.string())
    return pd.array(pc.binary_join_element_wise(prefix, numbers, ""), dtype="string")


def synthetic_accounts(n: int, seed: int = 0, reps: pd.DataFrame | None = None) -> pd.DataFrame:
    """``n`` accounts in canonical columns (with size band, segment and owner) for benchmarks.

    Uses the demo's firmographics, so scores behave as on the demo; owners are reps of the
    account's region (``reps`` defaults to ``synthetic_reps(max(1, n // 250))``), none where no
    rep covers the region.
    """
    rng = np.random.default_rng(seed)
    firm = _firmographics(rng, n)
    roster = reps if reps is not None else synthetic_reps(max(1, n // 250), seed)
    rep_region = roster[Rep.REGION].to_numpy(dtype=str)
    owner = np.full(n, -1)
    for location, region in enumerate(_LOCATIONS.region):
        rows = np.flatnonzero(firm.location == location)
        covering = np.flatnonzero(rep_region == region)
        if len(covering):
            owner[rows] = covering[rng.integers(0, len(covering), len(rows))]
    customer = rng.random(n) < 0.15
    spend = np.where(customer, np.round(rng.lognormal(np.log(30_000), 0.8, n), -2), np.nan)
    state = np.where(_LOCATIONS.state[firm.location] == "", -1, firm.location)
    frame = pd.DataFrame(
        {
            Account.ID: _numbered("A", n),
            Account.NAME: _numbered("Company ", n),
            Account.INDUSTRY: _text(_INDUSTRY_NAMES, firm.industry_code),
            Account.EMPLOYEES: firm.employees,
            Account.REVENUE: firm.revenue,
            Account.COUNTRY: _text(_LOCATIONS.country, firm.location),
            Account.REGION: _text(_LOCATIONS.region, firm.location),
            Account.STATE: _text(_LOCATIONS.state, state),
            Account.LAT: firm.lat,
            Account.LON: firm.lon,
            Account.OWNER: _text(roster[Rep.NAME].to_numpy(dtype=str), owner),
            Account.SPEND: spend,
            Account.PARENT: _text(np.array([""]), np.full(n, -1)),
        }
    )
    frame[Account.SIZE_BAND] = size_band(frame[Account.EMPLOYEES])
    frame[Account.SEGMENT] = segment_label(
        frame[Account.INDUSTRY], frame[Account.REGION], frame[Account.SIZE_BAND]
    )
    return frame


def main(argv: list[str] | None = None) -> int:
    """``python -m planner.demo --out data/demo [--seed 7]``: regenerate the bundled demo files."""
    parser = argparse.ArgumentParser(prog="python -m planner.demo", description=main.__doc__)
    parser.add_argument("--out", type=Path, default=DEMO_DIR, help="folder for the three CSV files")
    parser.add_argument("--seed", type=int, default=7, help="random seed (the bundled files use 7)")
    args = parser.parse_args(argv)
    for path in write_demo(args.out, args.seed):
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
