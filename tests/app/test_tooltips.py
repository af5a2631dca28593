"""Every figure a page shows in a tile says what it means (a metric without a tooltip is a number a
sales VP has to guess at), and shares read with one decimal, as in the tables."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

PAGES = Path(__file__).resolve().parents[2] / "app_pages"


@pytest.mark.parametrize("page", ["data", "segments", "ideal_profile", "accounts", "coaching", "territories"])
def test_every_metric_tile_defines_itself_and_reads_shares_alike(page: str) -> None:
    app = AppTest.from_file(str(PAGES / f"{page}.py"), default_timeout=300).run()
    assert not app.exception
    assert app.metric, f"the {page} page shows no metric tiles"
    bare = [tile.label for tile in app.metric if not tile.proto.help.strip()]
    assert not bare, f"{page}: tiles without a tooltip: {bare}"
    shares = [tile.value for tile in app.metric if "%" in tile.value]
    uneven = [value for value in shares if re.search(r"(?<![\d.])\d+%", value)]
    assert not uneven, f"{page}: shares without their one decimal: {uneven}"
