"""The account list's filters as one value, so the app's table, its download and other pages agree."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.schema import Account, Score


@dataclass(frozen=True)
class AccountFilter:
    """Which accounts to show: empty selections mean 'all'; ``search`` matches name or id (any case)."""

    tiers: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    segment: str = ""
    min_priority: float = 0.0
    search: str = ""

    def mask(self, accounts: pd.DataFrame) -> np.ndarray:
        keep = np.ones(len(accounts), dtype=bool)
        for column, chosen in (
            (Score.TIER, self.tiers),
            (Account.OWNER, self.owners),
            (Account.INDUSTRY, self.industries),
            (Account.REGION, self.regions),
        ):
            if chosen:
                keep &= accounts[column].astype("string").isin(chosen).fillna(False).to_numpy(dtype=bool)
        if self.segment:
            keep &= (accounts[Account.SEGMENT] == self.segment).fillna(False).to_numpy(dtype=bool)
        if self.min_priority > 0:
            keep &= accounts[Score.PRIORITY].to_numpy(dtype=float) >= self.min_priority
        if self.search.strip():
            needle = self.search.strip()
            found = accounts[Account.NAME].str.contains(needle, case=False, regex=False).fillna(False)
            found |= accounts[Account.ID].str.contains(needle, case=False, regex=False).fillna(False)
            keep &= found.to_numpy(dtype=bool)
        return keep

    def apply(self, accounts: pd.DataFrame) -> pd.DataFrame:
        return accounts[self.mask(accounts)]
