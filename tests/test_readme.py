"""The README stays honest: its setup commands exist and every CLI command it shows runs."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def _bash_block(after_heading: str) -> list[str]:
    section = README.split(after_heading, 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, flags=re.S)
    assert block, f"no bash block after {after_heading!r}"
    return [line for line in block.group(1).splitlines() if line.strip()]


CLI_LINES = _bash_block("## The command line")


def test_the_two_setup_commands_exist_and_ci_runs_the_test_one():
    setup = [line.split("#")[0].strip() for line in _bash_block("## Two commands")]
    assert setup == ["bash scripts/app.sh", "bash scripts/test.sh"]
    for command in setup:
        assert (REPO_ROOT / command.split()[1]).is_file()
    assert "bash scripts/test.sh" in (REPO_ROOT / ".ci" / "run").read_text()


@pytest.mark.xdist_group("readme")
def test_every_cli_command_in_the_readme_runs(tmp_path):
    env = dict(os.environ, PLANNER_DATABASE_URL=f"sqlite:///{tmp_path / 'readme.db'}")
    for line in CLI_LINES:
        args = shlex.split(line)
        assert args[0] == "planner", line
        if any(a.startswith("../shared/") and not (REPO_ROOT / a).exists() for a in args):
            continue  # the public datasets are not on this machine
        if "--out" in args:
            args[args.index("--out") + 1] = str(tmp_path / args[args.index("--out") + 1])
        done = subprocess.run(
            [sys.executable, "-m", "planner", *args[1:]],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, f"{line}\n{done.stderr[-2000:]}"
        if "--out" in args:
            assert Path(args[args.index("--out") + 1]).stat().st_size > 0, line
        else:
            assert done.stdout.strip(), line
