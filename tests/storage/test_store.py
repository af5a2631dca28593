"""The store keeps sessions, commitments and scenarios across reopenings, and refuses bad input clearly."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest

from planner.errors import InputError
from planner.storage import COMMITMENT_DONE, COMMITMENT_OPEN, HELD, SCHEDULED, URL_ENV, Store, database_url


@pytest.fixture
def url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'planner.db'}"


def test_session_round_trip_survives_reopening(url):
    store = Store(url)
    first = store.schedule_session("Ann Lee", dt.date(2026, 11, 2), manager="Maya Fox", agenda="1. Stalls")
    assert first.status == SCHEDULED and first.commitments == ()
    store.record_session(first.id, "Talked about Proposal stalls", ["Call Acme", "Re-qualify 4 deals"])
    store.close()

    reopened = Store(url)
    [session] = reopened.list_sessions("ann lee")  # rep matched case-insensitively
    assert session.status == HELD
    assert session.notes == "Talked about Proposal stalls"
    assert session.manager == "Maya Fox" and session.agenda == "1. Stalls"
    assert [c.text for c in session.commitments] == ["Call Acme", "Re-qualify 4 deals"]
    assert {c.status for c in session.commitments} == {COMMITMENT_OPEN}


def test_commitment_status_and_previous_session(url):
    store = Store(url)
    old = store.schedule_session("Ann", dt.date(2026, 10, 1))
    store.record_session(old.id, "n", ["Call Acme"], due_date=dt.date(2026, 10, 15))
    later = store.schedule_session("Ann", dt.date(2026, 11, 1))
    store.schedule_session("Bo", dt.date(2026, 10, 20))

    previous = store.previous_session("Ann", before=later.scheduled_for)
    assert previous is not None and previous.id == old.id
    commitment = previous.commitments[0]
    assert commitment.due_date == dt.date(2026, 10, 15)

    updated = store.update_commitment(commitment.id, COMMITMENT_DONE, "Signed a pilot")
    assert updated.status == COMMITMENT_DONE and updated.follow_up == "Signed a pilot"
    assert store.get_session(old.id).commitments[0].status == COMMITMENT_DONE
    assert store.previous_session("Ann", before=dt.date(2026, 9, 1)) is None
    assert store.previous_session("Bo") is None  # scheduled, not held
    assert [s.rep for s in store.list_sessions()] == ["Ann", "Bo", "Ann"]  # by date


def test_bad_ids_and_statuses_are_input_errors(url):
    store = Store(url)
    with pytest.raises(InputError, match="no coaching session with id 99"):
        store.record_session(99, "notes")
    with pytest.raises(InputError, match="no commitment with id 5"):
        store.update_commitment(5, COMMITMENT_DONE)
    with pytest.raises(InputError, match="not a commitment status"):
        store.update_commitment(1, "finished")
    session = store.schedule_session("Ann", dt.date(2026, 1, 1))
    with pytest.raises(InputError, match="commitment is empty"):
        store.record_session(session.id, "n", ["  "])
    assert store.get_session(session.id).status == SCHEDULED  # nothing half-written
    with pytest.raises(InputError, match="rep name is empty"):
        store.schedule_session("", dt.date(2026, 1, 1))


def test_a_future_session_cannot_be_recorded_and_is_the_next_one(url):
    store = Store(url)
    past = store.schedule_session("Ann", dt.date(2026, 11, 2))
    soon = store.schedule_session("Ann", dt.date(2026, 11, 30))
    later = store.schedule_session("Ann", dt.date(2026, 12, 14))
    today = dt.date(2026, 11, 23)
    with pytest.raises(InputError, match=r"scheduled for 30 Nov 2026, after today \(23 Nov 2026\)"):
        store.record_session(soon.id, "n", ["Call Acme"], today=today)
    assert store.get_session(soon.id).status == SCHEDULED and not store.get_session(soon.id).commitments
    assert store.record_session(soon.id, "n", today=soon.scheduled_for).status == HELD  # on the day
    assert store.next_session("ann", on_or_after=today).id == later.id  # held and past ones skipped
    assert store.next_session("Ann", on_or_after=dt.date(2026, 11, 1)).id == past.id
    assert store.next_session("Ann", on_or_after=dt.date(2027, 1, 1)) is None


def test_scenario_round_trip_keeps_ids_as_text(url):
    store = Store(url)
    plan = pd.DataFrame(
        {
            "account_id": pd.array(["0012", "0100"], dtype="string"),
            "new_owner": pd.array(["Ann", "Bo"], dtype="string"),
            "moved": [True, False],
            "potential": [1200.5, float("nan")],
        }
    )
    saved = store.save_scenario("balance first", plan, parameters={"tolerance": 0.05}, metrics={"cv": 0.02})
    store.save_scenario("minimum disruption", plan.head(1))
    assert [s.name for s in store.list_scenarios()] == ["minimum disruption", "balance first"]

    loaded = Store(url).load_scenario("balance first")
    assert loaded.id == saved.id
    assert loaded.parameters == {"tolerance": 0.05} and loaded.metrics == {"cv": 0.02}
    assert list(loaded.assignments.columns) == list(plan.columns)
    assert loaded.assignments["account_id"].tolist() == ["0012", "0100"]
    assert loaded.assignments["moved"].tolist() == [True, False]
    assert loaded.assignments["potential"].iloc[0] == 1200.5
    assert pd.isna(loaded.assignments["potential"].iloc[1])
    assert store.load_scenario(saved.id).name == "balance first"


def test_a_result_dataclass_is_stored_as_its_fields(url):
    """A plan's metrics object goes in as it is; it comes back as a mapping of its fields."""

    @dataclasses.dataclass(frozen=True)
    class Metrics:
        moved_accounts: int
        potential_cv: float

    Store(url).save_scenario("plan", pd.DataFrame({"a": [1]}), metrics=Metrics(12, 0.04))
    assert Store(url).load_scenario("plan").metrics == {"moved_accounts": 12, "potential_cv": 0.04}


def test_saving_a_name_again_replaces_and_delete_removes(url):
    store = Store(url)
    store.save_scenario("plan", pd.DataFrame({"a": [1]}))
    store.save_scenario("plan", pd.DataFrame({"a": [1, 2, 3]}))
    assert len(store.list_scenarios()) == 1
    assert len(store.load_scenario("plan").assignments) == 3
    assert store.delete_scenario("plan") is True
    assert store.delete_scenario("plan") is False
    with pytest.raises(InputError, match="no saved scenario 'plan'"):
        store.load_scenario("plan")


def test_url_comes_from_argument_then_environment_then_data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("PLANNER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv(URL_ENV, raising=False)
    assert database_url() == f"sqlite:///{tmp_path / 'data' / 'planner.db'}"
    elsewhere = f"sqlite:///{tmp_path / 'elsewhere.db'}"
    monkeypatch.setenv(URL_ENV, elsewhere)
    assert database_url() == elsewhere
    assert database_url("sqlite:///explicit.db") == "sqlite:///explicit.db"
    Store().close()
    assert (tmp_path / "elsewhere.db").exists()
    assert not (tmp_path / "data" / "planner.db").exists()  # the environment won over the data dir


def test_bad_url_and_missing_driver_are_input_errors():
    with pytest.raises(InputError, match="not a database URL"):
        Store("not a url")
    with pytest.raises(InputError, match="driver"):
        Store("postgresql+nosuchdriver://u@localhost/db")


def test_in_memory_store_is_one_database_across_threads():
    import threading

    store = Store("sqlite://")
    worker = threading.Thread(target=lambda: store.schedule_session("Ann", dt.date(2026, 1, 1)))
    worker.start()
    worker.join()
    assert [s.rep for s in store.list_sessions()] == ["Ann"]
