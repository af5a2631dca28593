"""A restarted server loads the default dataset from its snapshot unless what it was read from changed."""

import os
import shutil

import pytest

from planner.paths import DEMO_DIR
from planner.workspace import Workspace
from ui import snapshot


@pytest.fixture
def export(monkeypatch, tmp_path):
    """A copy of the demo export as the default dataset, and an empty data directory."""
    folder = tmp_path / "export"
    folder.mkdir()
    for name in ("accounts.csv", "opportunities.csv", "reps.csv"):
        shutil.copy(DEMO_DIR / name, folder / name)
    monkeypatch.setenv("PLANNER_DATASET_DIR", str(folder))
    monkeypatch.setenv("PLANNER_DATA_DIR", str(tmp_path / "data"))
    return folder


def _snapshots(export):
    return list((export.parent / "data" / "cache").glob(f"{snapshot.PREFIX}*.pickle"))


def _no_ingest(monkeypatch):
    def fail(*_args, **_kwargs):
        raise AssertionError("ingested although a matching snapshot exists")

    monkeypatch.setattr(Workspace, "demo", classmethod(fail))


def test_the_second_start_loads_the_snapshot_instead_of_ingesting(export, monkeypatch):
    first = snapshot.load_or_read()
    assert len(_snapshots(export)) == 1
    _no_ingest(monkeypatch)
    second = snapshot.load_or_read()
    assert second.version == first.version
    assert second.accounts.equals(first.accounts) and second.report.problems == first.report.problems


def test_a_changed_export_is_read_again_and_replaces_the_old_snapshot(export):
    first = snapshot.load_or_read()
    accounts = export / "accounts.csv"
    lines = accounts.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    accounts.write_text("".join(lines[:-1]), encoding="utf-8")  # one account fewer
    os.utime(accounts, ns=(1, 1))  # a new modification time even on a coarse clock
    second = snapshot.load_or_read()
    assert len(second.accounts) == len(first.accounts) - 1
    assert len(_snapshots(export)) == 1, "only the newest snapshot is kept"


def test_an_unreadable_snapshot_is_ingested_again(export):
    first = snapshot.load_or_read()
    [stored] = _snapshots(export)
    stored.write_bytes(b"not a pickle")
    assert snapshot.load_or_read().version == first.version
    assert stored.read_bytes() != b"not a pickle", "the broken file is replaced"
