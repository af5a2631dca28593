"""Importing ``planner`` chooses Arrow's memory pool, and leaves the choice to the user when they made one."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PROBE = "import planner, pyarrow as pa; print(pa.default_memory_pool().backend_name)"


def _pool(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    done = subprocess.run([sys.executable, "-c", PROBE], env=clean | env, capture_output=True, text=True)
    return done.stdout.strip()


def test_planner_uses_the_c_library_allocator_by_default() -> None:
    assert _pool() == "system"


def test_an_explicit_pool_is_respected() -> None:
    import pyarrow as pa

    if "mimalloc" not in pa.supported_memory_backends():
        pytest.skip("this pyarrow build has no mimalloc pool to choose")
    assert _pool(ARROW_DEFAULT_MEMORY_POOL="mimalloc") == "mimalloc"
