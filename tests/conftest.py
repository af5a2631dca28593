"""Shared fixtures: the public datasets in ../shared/datasets (skipped with a reason when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATASETS = REPO_ROOT.parent / "shared" / "datasets"


def shared_dataset(name: str) -> Path:
    """Folder of a public dataset; skips the test when it is not on this machine."""
    folder = SHARED_DATASETS / name
    if not folder.is_dir():
        pytest.skip(f"public dataset '{name}' not found at {folder} (it lives in ../shared/datasets)")
    return folder


@pytest.fixture
def maven_dir() -> Path:
    return shared_dataset("maven-crm")


@pytest.fixture
def ibm_dir() -> Path:
    return shared_dataset("ibm-sales-win-loss")


@pytest.fixture
def olist_dir() -> Path:
    return shared_dataset("olist-marketing-funnel")


@pytest.fixture
def northwind_dir() -> Path:
    return shared_dataset("northwind")


@pytest.fixture
def census_dir() -> Path:
    return shared_dataset("census-susb-2021-state-sector")


@pytest.fixture(scope="session")
def demo_workspace():
    """The bundled demo export read through the real ingest, once per test session (treat it as read-only)."""
    from planner.workspace import Workspace

    return Workspace.demo()
