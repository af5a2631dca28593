"""A restarted server loads the default dataset from its snapshot unless what it was read from changed."""

import os
import shutil
import threading

import pytest

from planner.paths import DEMO_DIR
from planner.workspace import Workspace
from ui import preload, snapshot


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


def _start_server(monkeypatch) -> Workspace:
    """What a server start does: read the default dataset in the preload thread (and store it)."""
    monkeypatch.setattr(preload, "_default", None)
    monkeypatch.setattr(preload, "_serving", True)
    workspace = preload.default_workspace()
    for thread in threading.enumerate():
        if thread.name == "planner-preload":
            thread.join(timeout=60)  # the snapshot is written after the sessions got their data
    return workspace


def test_a_restart_loads_the_snapshot_instead_of_ingesting(export, monkeypatch):
    first = _start_server(monkeypatch)
    assert len(_snapshots(export)) == 1

    def no_ingest(*_args, **_kwargs):
        raise AssertionError("ingested although a matching snapshot exists")

    monkeypatch.setattr(Workspace, "demo", classmethod(no_ingest))
    second = _start_server(monkeypatch)
    assert second is not first
    assert second.version == first.version, "caches key on the version: it must survive the restart"
    assert second.accounts.equals(first.accounts) and second.report.problems == first.report.problems


def test_a_changed_export_is_read_again_and_replaces_the_old_snapshot(export):
    snapshot.store(Workspace.demo())
    accounts = export / "accounts.csv"
    lines = accounts.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    accounts.write_text("".join(lines[:-1]), encoding="utf-8")  # one account fewer
    os.utime(accounts, ns=(1, 1))  # a new modification time even on a coarse clock
    assert snapshot.load() is None
    changed = Workspace.demo()
    snapshot.store(changed)
    assert len(snapshot.load().accounts) == len(changed.accounts) == len(lines) - 2
    assert len(_snapshots(export)) == 1, "only the newest snapshot is kept"


def test_an_unreadable_snapshot_means_ingest_again(export):
    snapshot.store(Workspace.demo())
    [stored] = _snapshots(export)
    stored.write_bytes(b"not a pickle")
    assert snapshot.load() is None
