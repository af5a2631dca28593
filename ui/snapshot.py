"""The default dataset's workspace kept on disk, so a restarted server skips ingest.

A server restarted on the same export (a redeploy, a nightly restart) would otherwise ingest the
same files again (0.6-2 s at 50,000 accounts, with the machine's load), where loading the stored
workspace takes a hundredth of a second. The snapshot (about 40 MB at 50,000 accounts) is keyed on
every file of the dataset folder (name, size, modification time), the market reference, the source
of the ``planner`` package and the Python, pandas and pyarrow versions: a changed export, a changed
ingest rule or an upgrade reads the files again. Only the newest snapshot is kept. The first start
on an export always ingests (the cold start).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planner.workspace import Workspace

PREFIX = "default-workspace-"
_log = logging.getLogger(__name__)


def load() -> Workspace | None:
    """The default dataset's workspace from the snapshot that matches it, or None (then ingest it)."""
    path = _path()
    if not path.is_file():
        return None
    try:
        return pickle.loads(path.read_bytes())
    except Exception as error:  # a truncated or foreign file: ingest again (``store`` replaces it)
        _log.warning("ignoring the unreadable snapshot %s: %s", path, error)
        return None


def store(workspace: Workspace) -> None:
    """Keep a freshly ingested default workspace for the next start; older snapshots are removed.

    Written atomically (a crash never leaves half a snapshot). A full or read-only disk costs the
    next start its ingest, nothing else.
    """
    path = _path()
    # Stored with its version, so a restart does not hash the tables again.
    workspace.version  # noqa: B018 (computed and memoised on the workspace before it is pickled)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.partial")  # two servers starting at once never mix
        partial.write_bytes(pickle.dumps(workspace, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(partial, path)
        for old in path.parent.glob(f"{PREFIX}*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as error:
        _log.warning("could not store the snapshot %s: %s", path, error)


def _path() -> Path:
    import pandas as pd
    import pyarrow as pa

    from planner.paths import MARKET_REFERENCE, REPO_ROOT, default_dataset_dir, user_data_dir

    digest = hashlib.sha256(f"{sys.version}|{pd.__version__}|{pa.__version__}".encode())
    folder = default_dataset_dir()
    files = sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    for file in [*files, MARKET_REFERENCE]:
        if file.is_file():
            stat = file.stat()
            digest.update(f"{file}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    for source in sorted((REPO_ROOT / "planner").rglob("*.py")):
        digest.update(source.read_bytes())
    return user_data_dir() / "cache" / f"{PREFIX}{digest.hexdigest()[:20]}.pickle"
