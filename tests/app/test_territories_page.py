"""The Territories page on the demo: plan, metrics, moves with reasons, comparison; an error without reps."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from planner.schema import Account, Territory
from planner.storage import URL_ENV
from planner.workspace import Workspace
from tests.app.shown_tables import unformatted_numbers
from ui import state

PAGE = str(Path(__file__).resolve().parents[2] / "app_pages" / "territories.py")


@pytest.fixture(autouse=True)
def db(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'planner.db'}"
    monkeypatch.setenv(URL_ENV, url)
    return url


def _run(workspace: Workspace | None = None, tab: str | None = None) -> AppTest:
    app = AppTest.from_file(PAGE, default_timeout=180)
    app.session_state[state.TERRITORY_TIME_LIMIT] = 5.0
    if tab is not None:
        app.session_state[state.TERRITORY_TAB] = tab
    if workspace is not None:
        app.session_state[state.WORKSPACE] = workspace
    return app.run()


def test_plan_metrics_moves_and_comparison_on_the_demo():
    page = _run(tab="Compare scenarios")
    assert not page.exception
    messages = [m.value for m in page.success] + [m.value for m in page.warning]
    assert any("reps are within" in m or "cannot be met" in m for m in messages)
    labels = {m.label for m in page.metric}
    assert {"Accounts moved", "Potential CV", "Workload CV", "Max deviation", "Gap to bound"} <= labels
    reps = page.dataframe[0].value
    assert len(reps) == 24 and reps[Territory.ACCOUNTS].sum() == 6000
    moves = page.dataframe[1].value
    tile = next(m for m in page.metric if m.label == "Accounts moved").value
    moved = int(tile.split(" ")[0].replace(",", ""))
    assert len(moves) >= moved  # moves also list newly assigned (unowned) accounts
    said = f"{len(moves):,} accounts change hands: {moved:,} move from one rep to another"
    assert any(m.value.startswith(said) for m in page.markdown), "the Moves tab agrees with the tile"
    assert moves[Territory.REASON].str.len().gt(0).all()
    comparison = page.dataframe[2].value
    assert {"Potential CV", "Accounts moved", "Potential moved"} <= set(comparison["Metric"])
    moved_row = comparison.set_index("Metric").loc["Potential moved"]
    assert all(str(v).startswith(("$", "+$", "-$", "—")) for v in moved_row), "money reads as money"
    assert len(page.get("download_button")) == 1


def test_the_second_scenario_is_planned_only_when_compare_is_open():
    page = _run()
    assert not page.exception
    assert not any(s.label == "Compare with" for s in page.selectbox)
    assert len(page.dataframe) == 2  # the balance table and the moves; no comparison computed


def test_missing_reps_is_a_clear_message():
    demo = Workspace.demo()
    no_reps = Workspace(demo.accounts, demo.opportunities, pd.DataFrame(columns=demo.reps.columns))
    page = _run(no_reps)
    assert not page.exception
    assert any("no reps" in e.value for e in page.error)


def _table_with(page: AppTest, column: str) -> pd.DataFrame:
    return next(d.value for d in page.dataframe if column in d.value.columns)


def test_a_saved_plan_is_listed_compared_with_the_current_plan_and_deleted():
    page = _run()
    assert any("No saved scenarios yet" in i.value for i in page.info)
    page.text_input[0].set_value("Q3 baseline")
    next(b for b in page.button if b.label == "Save scenario").click()
    page.run()
    assert not page.exception
    listed = _table_with(page, "Saved plan")
    assert listed["Saved plan"].tolist() == ["Q3 baseline"]
    assert listed["Tolerance"].tolist() == [5.0], "0.05 shows as 5.0% (points), not 0.1%"
    # Same plan: said in words, no chart of empty bars and no empty table.
    said = "These two plans are identical: each of the 6,000 accounts goes to the same rep"
    said += " in saved 'Q3 baseline'"
    assert any(i.value.startswith(said) for i in page.info)
    assert not any("rep in saved 'Q3 baseline'" in d.value.columns for d in page.dataframe)
    assert not any("Metric" in d.value.columns for d in page.dataframe)

    page.selectbox(key=state.territory_widget_key("scenario")).set_value("Balance first").run()
    assert not page.exception
    changed = _table_with(page, "rep in saved 'Q3 baseline'")
    current = next(c for c in changed.columns if c.startswith("rep in Balance first"))
    assert len(changed) > 0 and (changed["rep in saved 'Q3 baseline'"] != changed[current]).all()
    owners = changed["Owner before"]
    assert owners.isna().any() and not owners.astype("string").eq("").any(), "unowned reads as the dash"
    assert (
        changed[next(c for c in changed.columns if c.startswith("reason in Balance first"))]
        .str.len()
        .gt(0)
        .all()
    )
    metrics = _table_with(page, "saved 'Q3 baseline'")
    assert "Accounts moved" in set(metrics["Metric"])

    # Two saved plans side by side.
    page.text_input[0].set_value("Balanced")
    next(b for b in page.button if b.label == "Save scenario").click()
    page.run()
    page.selectbox(key=state.territory_widget_key("saved_compare")).set_value("Q3 baseline").run()
    page.selectbox(key=state.territory_widget_key("saved_against")).set_value("Balanced").run()
    assert not page.exception
    both = _table_with(page, "rep in saved 'Balanced'")
    assert "rep in saved 'Q3 baseline'" in both.columns
    assert set(both["Account ID"]) == set(
        changed["Account ID"]
    )  # the same two plans as before, one now saved

    for name in ("Q3 baseline", "Balanced"):
        page.selectbox(key=state.territory_widget_key("saved_compare")).set_value(name).run()
        next(b for b in page.button if b.label == f"Delete '{name}'").click()
        page.run()
        assert not page.exception
    assert any("No saved scenarios yet" in i.value for i in page.info)


def test_accounts_and_reps_without_deals_still_get_a_plan_that_respects_eligibility():
    states = ["CA", "NY", "TX", "FL"] * 10
    accounts = "Account Name,Billing State/Province,Account Owner,ARR\n" + "".join(
        f"Acme {i},{s},{'Ann' if i % 3 else 'Bob'},{1000 + 37 * i}\n" for i, s in enumerate(states)
    )
    reps = "Rep,Home State,Eligible Regions\nAnn,CA,West; Southwest\nBob,NY,\nCat,FL,Southeast|Northeast\n"
    workspace = Workspace.from_files(
        accounts=("accounts.csv", accounts.encode()), reps=("reps.csv", reps.encode())
    )
    page = _run(workspace)
    assert not page.exception and not page.error
    assert any("spend" in c.value for c in page.caption)  # no deals to score: balanced on ARR, and said so
    reps_table = _table_with(page, Territory.ACCOUNTS)
    assert reps_table[Territory.ACCOUNTS].sum() == 40
    moves = _table_with(page, Territory.REASON)
    west = {f"Acme {i}" for i, s in enumerate(states) if s in ("CA", "TX")}
    anns_east = {f"Acme {i}" for i, s in enumerate(states) if i % 3 and s not in ("CA", "TX")}
    assert moves.loc[moves[Territory.NEW_OWNER] == "Ann", Account.NAME].isin(west).all()
    assert anns_east <= set(moves.loc[moves[Territory.OLD_OWNER] == "Ann", Account.NAME])


def test_saving_under_a_taken_name_asks_before_replacing_the_saved_plan():
    page = _run()
    save = next(b for b in page.button if b.label == "Save scenario")
    page.text_input[0].set_value("Q3 baseline")
    save.click()
    page.run()
    first = _table_with(page, "Saved plan")["Saved at"].tolist()
    page.selectbox(key=state.territory_widget_key("scenario")).set_value("Balance first").run()
    page.text_input[0].set_value("Q3 baseline")
    next(b for b in page.button if b.label == "Save scenario").click()
    page.run()
    assert not page.exception
    assert any("A plan named 'Q3 baseline' is already saved" in w.value for w in page.warning)
    assert not any(s.value.startswith(("Saved", "Replaced")) for s in page.success)
    kept = _table_with(page, "Saved plan")
    assert kept["Scenario"].tolist() == ["Minimum disruption"] and kept["Saved at"].tolist() == first

    page.checkbox[0].check()
    next(b for b in page.button if b.label == "Save scenario").click()
    page.run()
    assert not page.exception
    assert any(s.value == "Replaced the saved plan 'Q3 baseline'." for s in page.success)
    assert _table_with(page, "Saved plan")["Scenario"].tolist() == ["Balance first"]


def test_the_moves_table_shows_a_dash_for_an_account_without_an_owner():
    page = _run(tab="Moves")
    moves = _table_with(page, Territory.REASON)
    unowned = moves[Territory.REASON].str.startswith("no owner")
    assert unowned.any()
    assert moves.loc[unowned, Territory.OLD_OWNER].isna().all(), "an empty string would show blank, not —"
    tiles = {m.label: m.value for m in page.metric}
    assert re.fullmatch(r"\d+\.\d%", tiles["Gap to bound"]), "one decimal, like the comparison table"


def test_the_tolerance_and_solver_time_read_in_their_units():
    page = _run()
    slider = page.slider(key=state.territory_widget_key("tolerance"))
    assert slider.value == 5 and slider.proto.format == "±%d%%", "±5%, not 0.05"
    assert page.session_state[state.TERRITORY_TOLERANCE] == 0.05
    assert any("±5%" in m.value for m in [*page.success, *page.warning])
    limits = page.selectbox(key=state.territory_widget_key("time_limit"))
    assert limits.options == ["5 s", "15 s", "30 s", "50 s"] and limits.value == 5.0


def test_every_number_in_every_table_has_its_format():
    page = _run(tab="Saved scenarios")
    page.text_input[0].set_value("Formats")
    next(b for b in page.button if b.label == "Save scenario").click()
    page.run()
    assert not page.exception and len(page.dataframe) >= 3
    assert [unformatted_numbers(table) for table in page.dataframe] == [[]] * len(page.dataframe)
