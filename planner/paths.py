"""Where bundled data and the user's data directory live."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
DEMO_DIR = DATA_DIR / "demo"
MARKET_REFERENCE = DATA_DIR / "market_reference_us.csv"


def default_dataset_dir() -> Path:
    """The export the app and ``--demo`` open on: ``PLANNER_DATASET_DIR``, else the bundled demo."""
    configured = os.environ.get("PLANNER_DATASET_DIR")
    return Path(configured).expanduser().resolve() if configured else DEMO_DIR


def default_dataset_label() -> str:
    """How the default dataset is named on screen: "Demo data", or the configured export's folder."""
    folder = default_dataset_dir()
    return "Demo data" if folder == DEMO_DIR else folder.name


def user_data_dir() -> Path:
    """The writable directory for the database and saved files (``PLANNER_DATA_DIR``, default ``var/``)."""
    path = Path(os.environ.get("PLANNER_DATA_DIR", REPO_ROOT / "var"))
    path.mkdir(parents=True, exist_ok=True)
    return path
