"""Membership, lookup and duplicate tests on text columns, done in Arrow.

pandas' ``isin``, ``map`` and ``duplicated`` on string columns cost close to a second
per million rows; Arrow's hash kernels do the same in a few hundredths. Ingest runs
these on id columns of every deal, so this is where a million-row export spends or
saves its time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def _arrow(series: pd.Series) -> pa.Array:
    """One contiguous Arrow array (a large column arrives in several chunks)."""
    array = pa.array(series.astype("string").array)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return array.cast(pa.large_string())


def is_in(series: pd.Series, values: pd.Series) -> pd.Series:
    """Boolean Series: is each value among ``values``? Missing values are never in.

    Hashing a million ids costs a tenth of a second or more; when few cells are filled (parent
    accounts of a million accounts), the filled values are hashed instead to find which ids exist.
    """
    values = values.dropna()
    filled = series.dropna()
    if len(values) > 8 * len(filled):
        values = values[_found(values, filled)]
    return pd.Series(_found(series, values), index=series.index, dtype=bool)


def _found(series: pd.Series, values: pd.Series) -> np.ndarray:
    found = pc.is_in(_arrow(series), value_set=_arrow(values))
    return found.fill_null(False).to_numpy(zero_copy_only=False)


def positions(series: pd.Series, keys: pd.Series) -> np.ndarray:
    """Each item's position in ``keys`` (its first match), -1 where it has none."""
    found = pc.index_in(_arrow(series), value_set=_arrow(keys))
    return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


def take(values: pd.Series, at: np.ndarray, index: pd.Index) -> pd.Series:
    """``values`` at positions ``at`` as text (missing where ``at`` is -1), on ``index``."""
    taken = pc.take(_arrow(values), pa.array(at, mask=at < 0))
    return pd.Series(pd.array(taken, dtype="string"), index=index)


def lookup(series: pd.Series, keys: pd.Series, values: pd.Series) -> pd.Series:
    """``values`` at the position of each item's first match in ``keys`` (missing when none), as text."""
    return take(values, positions(series, keys), series.index)


def duplicated(series: pd.Series) -> pd.Series:
    """True for every non-missing value that already occurred higher up (the first occurrence stays False)."""
    encoded = pc.dictionary_encode(_arrow(series))
    codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    # Codes are handed out in order of first appearance, so a value is new exactly where its code
    # exceeds every code above it: one running maximum instead of sorting a million codes.
    seen_before = np.maximum.accumulate(np.concatenate(([-1], codes[:-1]))) if len(codes) else codes
    first = codes > seen_before
    return pd.Series(~first & (codes >= 0), index=series.index, dtype=bool)
