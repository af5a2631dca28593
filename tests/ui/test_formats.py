"""Tables read alike on every page: empty cells as a dash, never "None"; shares with one decimal."""

import ast
import re
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from ui.formats import EMPTY, PERCENT, percent_column

ROOT = Path(__file__).resolve().parents[2]


def _shown(frame: pd.DataFrame, **options):
    def script(frame, options):
        from ui.formats import show_table

        show_table(frame, **options)

    app = AppTest.from_function(script, args=(frame, options)).run()
    assert not app.exception
    return app.dataframe[0]


def test_empty_text_and_number_cells_are_a_dash_and_values_stay_as_they_are():
    frame = pd.DataFrame(
        {"stage": pd.array(["Proposal", None], dtype="string"), "gap": [3.0, None], "note": ["x", None]}
    )
    shown = _shown(frame)
    assert shown.proto.placeholder == EMPTY
    assert shown.value["gap"].isna().tolist() == [False, True], "numbers stay numbers (sorting works)"
    assert frame["stage"].isna().sum() == 1, "the input frame is left as it was"


def test_a_page_may_override_layout_but_not_the_empty_cell():
    shown = _shown(pd.DataFrame({"a": [1]}), hide_index=False, placeholder="None")
    assert shown.proto.placeholder == EMPTY


def test_no_page_calls_st_dataframe_directly():
    """Every table goes through ``show_table``: one bare ``st.dataframe`` brings "None" back."""
    sources = [*ROOT.glob("app_pages/*.py"), *ROOT.glob("ui/*.py")]
    bare = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sources
        if path.name != "formats.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\bst\.dataframe\(", line)
    ]
    assert not bare, f"use ui.formats.show_table instead of st.dataframe at {bare}"


def test_short_tables_are_static_with_dashes_and_literal_text():
    def script():
        import pandas as pd

        from ui.formats import show_short_table

        reasons = pd.array(["deals average $47k vs $32k", None], dtype="string")
        show_short_table(pd.DataFrame({"reason": reasons, "rows": [3.0, None]}))

    app = AppTest.from_function(script).run()
    assert not app.exception and not app.dataframe
    shown = app.table[0].value
    assert shown["reason"].tolist() == ["deals average \\$47k vs \\$32k", EMPTY]
    assert shown["rows"].tolist() == ["3.0", EMPTY]


def test_percent_columns_are_scaled_to_points_for_one_fixed_decimal():
    frame = pd.DataFrame({"win_rate": [0.59375, 0.5, None], "deals": [3.0, 4.0, 5.0]})
    shown = _shown(frame, column_config={"win_rate": percent_column("Win rate"), "absent": percent_column()})
    assert shown.value["win_rate"].tolist()[:2] == [59.375, 50.0]
    assert shown.value["deals"].tolist() == [3.0, 4.0, 5.0], "other columns are left alone"
    assert frame["win_rate"].iloc[0] == 0.59375, "the page's frame is not changed"
    assert PERCENT % 59.375 == "59.4%" and PERCENT % 50 == "50.0%"


def test_no_page_uses_streamlits_percent_format():
    """Streamlit's "percent" drops trailing zeros, so one column mixes 59.38% and 50%."""
    sources = [*ROOT.glob("app_pages/*.py"), *ROOT.glob("ui/*.py")]
    mixed = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sources
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"format=\"percent\"|\"percent\",?$", line.strip())
    ]
    assert not mixed, f"use ui.formats.percent_column at {mixed}"


def test_every_download_button_leaves_the_page_alone():
    """A download that reruns the page replaces its deferred file before the browser fetches it, and
    under load no download starts (it failed CI once): every button passes ``on_click="ignore"``."""
    unsafe = []
    for path in [*ROOT.glob("app_pages/*.py"), *ROOT.glob("ui/*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "download_button":
                on_click = next((k.value for k in node.keywords if k.arg == "on_click"), None)
                if not (isinstance(on_click, ast.Constant) and on_click.value == "ignore"):
                    unsafe.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not unsafe, f"download buttons that rerun the page: {unsafe}"
