"""Geography shared by ingest, the demo, maps and territory planning.

US states are grouped into five sales regions (a common US sales split);
centroids give an approximate location when an account has no lat/lon.
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np
import pandas as pd

# state code -> (name, sales region, centroid lat, centroid lon)
US_STATES: Final[dict[str, tuple[str, str, float, float]]] = {
    "AL": ("Alabama", "Southeast", 32.8, -86.8),
    "AK": ("Alaska", "West", 64.2, -149.5),
    "AZ": ("Arizona", "Southwest", 34.3, -111.7),
    "AR": ("Arkansas", "Southeast", 34.9, -92.4),
    "CA": ("California", "West", 37.2, -119.4),
    "CO": ("Colorado", "West", 39.0, -105.5),
    "CT": ("Connecticut", "Northeast", 41.6, -72.7),
    "DE": ("Delaware", "Northeast", 39.0, -75.5),
    "DC": ("District of Columbia", "Northeast", 38.9, -77.0),
    "FL": ("Florida", "Southeast", 28.6, -82.4),
    "GA": ("Georgia", "Southeast", 32.7, -83.4),
    "HI": ("Hawaii", "West", 20.8, -156.3),
    "ID": ("Idaho", "West", 44.4, -114.6),
    "IL": ("Illinois", "Midwest", 40.0, -89.2),
    "IN": ("Indiana", "Midwest", 39.9, -86.3),
    "IA": ("Iowa", "Midwest", 42.1, -93.5),
    "KS": ("Kansas", "Midwest", 38.5, -98.4),
    "KY": ("Kentucky", "Southeast", 37.5, -85.3),
    "LA": ("Louisiana", "Southeast", 31.1, -92.0),
    "ME": ("Maine", "Northeast", 45.4, -69.2),
    "MD": ("Maryland", "Northeast", 39.0, -76.8),
    "MA": ("Massachusetts", "Northeast", 42.3, -71.8),
    "MI": ("Michigan", "Midwest", 44.3, -85.4),
    "MN": ("Minnesota", "Midwest", 46.3, -94.3),
    "MS": ("Mississippi", "Southeast", 32.7, -89.7),
    "MO": ("Missouri", "Midwest", 38.4, -92.5),
    "MT": ("Montana", "West", 47.0, -109.6),
    "NE": ("Nebraska", "Midwest", 41.5, -99.8),
    "NV": ("Nevada", "West", 39.3, -116.6),
    "NH": ("New Hampshire", "Northeast", 43.7, -71.6),
    "NJ": ("New Jersey", "Northeast", 40.2, -74.7),
    "NM": ("New Mexico", "Southwest", 34.4, -106.1),
    "NY": ("New York", "Northeast", 42.9, -75.5),
    "NC": ("North Carolina", "Southeast", 35.6, -79.4),
    "ND": ("North Dakota", "Midwest", 47.5, -100.5),
    "OH": ("Ohio", "Midwest", 40.3, -82.8),
    "OK": ("Oklahoma", "Southwest", 35.6, -97.5),
    "OR": ("Oregon", "West", 43.9, -120.6),
    "PA": ("Pennsylvania", "Northeast", 40.9, -77.8),
    "RI": ("Rhode Island", "Northeast", 41.7, -71.5),
    "SC": ("South Carolina", "Southeast", 33.9, -80.9),
    "SD": ("South Dakota", "Midwest", 44.4, -100.2),
    "TN": ("Tennessee", "Southeast", 35.9, -86.4),
    "TX": ("Texas", "Southwest", 31.5, -99.3),
    "UT": ("Utah", "West", 39.3, -111.7),
    "VT": ("Vermont", "Northeast", 44.1, -72.7),
    "VA": ("Virginia", "Southeast", 37.5, -78.9),
    "WA": ("Washington", "West", 47.4, -120.5),
    "WV": ("West Virginia", "Southeast", 38.6, -80.6),
    "WI": ("Wisconsin", "Midwest", 44.6, -89.9),
    "WY": ("Wyoming", "West", 43.0, -107.6),
}

US_REGIONS: Final = ("Northeast", "Southeast", "Midwest", "Southwest", "West")

# Census state FIPS code -> two-letter code (public tables such as SUSB key states by FIPS).
STATE_FIPS: Final[dict[str, str]] = {
    "01": "AL", "02": "AK", "04": "AZ", "05": "AR", "06": "CA", "08": "CO", "09": "CT", "10": "DE",
    "11": "DC", "12": "FL", "13": "GA", "15": "HI", "16": "ID", "17": "IL", "18": "IN", "19": "IA",
    "20": "KS", "21": "KY", "22": "LA", "23": "ME", "24": "MD", "25": "MA", "26": "MI", "27": "MN",
    "28": "MS", "29": "MO", "30": "MT", "31": "NE", "32": "NV", "33": "NH", "34": "NJ", "35": "NM",
    "36": "NY", "37": "NC", "38": "ND", "39": "OH", "40": "OK", "41": "OR", "42": "PA", "44": "RI",
    "45": "SC", "46": "SD", "47": "TN", "48": "TX", "49": "UT", "50": "VT", "51": "VA", "53": "WA",
    "54": "WV", "55": "WI", "56": "WY",
}  # fmt: skip

# country -> (sales region, centroid lat, centroid lon) for the non-US markets we know.
COUNTRIES: Final[dict[str, tuple[str, float, float]]] = {
    "United States": ("North America", 39.8, -98.6),
    "Canada": ("Canada", 56.1, -106.3),
    "Mexico": ("LATAM", 23.6, -102.6),
    "Brazil": ("LATAM", -14.2, -51.9),
    "United Kingdom": ("EMEA", 54.0, -2.0),
    "Ireland": ("EMEA", 53.4, -8.2),
    "Germany": ("EMEA", 51.2, 10.4),
    "France": ("EMEA", 46.2, 2.2),
    "Netherlands": ("EMEA", 52.1, 5.3),
    "Spain": ("EMEA", 40.5, -3.7),
    "Italy": ("EMEA", 41.9, 12.6),
    "Sweden": ("EMEA", 60.1, 18.6),
    "Norway": ("EMEA", 60.5, 8.5),
    "Belgium": ("EMEA", 50.5, 4.5),
    "Poland": ("EMEA", 51.9, 19.1),
    "Kenya": ("EMEA", -0.02, 37.9),
    "Japan": ("APAC", 36.2, 138.3),
    "China": ("APAC", 35.9, 104.2),
    "Korea": ("APAC", 35.9, 127.8),
    "Philippines": ("APAC", 12.9, 121.8),
    "Australia": ("APAC", -25.3, 133.8),
    "Jordan": ("EMEA", 30.6, 36.2),
    "Panama": ("LATAM", 8.5, -80.8),
}

_COUNTRY_ALIASES: Final = {
    "usa": "United States",
    "us": "United States",
    "u.s.": "United States",
    "u.s.a.": "United States",
    "united states of america": "United States",
    "uk": "United Kingdom",
    "u.k.": "United Kingdom",
    "great britain": "United Kingdom",
    "england": "United Kingdom",
    "philipines": "Philippines",
    "south korea": "Korea",
    "republic of korea": "Korea",
    "deutschland": "Germany",
}

_STATE_BY_NAME: Final = {name.lower(): code for code, (name, *_rest) in US_STATES.items()}


def normalise_country(raw: object) -> str | None:
    """Canonical country name for common spellings (``USA``, ``U.S.``, ``Philipines``)."""
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return None
    text = str(raw).strip()
    if not text:
        return None
    lowered = text.lower()
    if lowered in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[lowered]
    for name in COUNTRIES:
        if name.lower() == lowered:
            return name
    return text


def normalise_state(raw: object) -> str | None:
    """Two-letter US state code from a code or a full name; None when unknown."""
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return None
    text = str(raw).strip()
    if text.upper() in US_STATES:
        return text.upper()
    return _STATE_BY_NAME.get(text.lower())


def region_for(country: str | None, state: str | None) -> str | None:
    """Sales region: a US region from the state, else the country's region."""
    if state in US_STATES:
        return US_STATES[state][1]
    if country in COUNTRIES and country != "United States":
        return COUNTRIES[country][0]
    return None


def centroid(country: str | None, state: str | None) -> tuple[float, float] | None:
    """Approximate location when a record has none of its own."""
    if state in US_STATES:
        _, _, lat, lon = US_STATES[state]
        return lat, lon
    if country in COUNTRIES:
        _, lat, lon = COUNTRIES[country]
        return lat, lon
    return None


def haversine_km(
    lat1: np.ndarray | pd.Series | float,
    lon1: np.ndarray | pd.Series | float,
    lat2: np.ndarray | pd.Series | float,
    lon2: np.ndarray | pd.Series | float,
) -> np.ndarray:
    """Great-circle distance in km, vectorised over numpy arrays."""
    lat1, lon1, lat2, lon2 = (np.radians(np.asarray(x, dtype=float)) for x in (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
