"""The one door both faces (CLI and app) use: validated tables plus the pipeline steps.

A ``Workspace`` is immutable. Its ``version`` is a content hash computed once
when the tables are built, so every cache (Streamlit's, or a caller's) keys on
``version`` plus the step's arguments and can never serve a result computed on
other data.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pandas as pd


def content_version(*frames: pd.DataFrame | None) -> str:
    """A short hash of every cell and column name of the given frames."""
    digest = hashlib.sha256()
    for frame in frames:
        if frame is None:
            digest.update(b"<none>")
            continue
        digest.update("|".join(map(str, frame.columns)).encode())
        digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True, eq=False)
class Workspace:
    """Validated accounts, opportunities, reps (and optional market table) of one dataset."""

    accounts: pd.DataFrame
    opportunities: pd.DataFrame
    reps: pd.DataFrame
    market: pd.DataFrame | None = None
    report: object | None = None  # planner.ingest.IngestReport once ingest exists
    label: str = "data"
    version: str = field(default="")

    def __post_init__(self) -> None:
        if not self.version:
            version = content_version(self.accounts, self.opportunities, self.reps, self.market)
            object.__setattr__(self, "version", version)
