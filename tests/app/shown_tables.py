"""What a page's tables look like to a reader, read from the elements an AppTest run produced."""

from __future__ import annotations

import json

import pandas as pd
from streamlit.testing.v1.element_tree import Dataframe


def unformatted_numbers(table: Dataframe) -> list[str]:
    """Numeric columns of a shown table left to Streamlit's default format (5520, not 5,520)."""
    config = json.loads(table.proto.columns or "{}")
    values = table.value
    numeric = [
        c
        for c in values.columns
        if pd.api.types.is_numeric_dtype(values[c]) and not pd.api.types.is_bool_dtype(values[c])
    ]
    return [str(c) for c in numeric if "format" not in config.get(str(c), {}).get("type_config", {})]
