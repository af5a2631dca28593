#!/usr/bin/env bash
# One command: install everything the tests need, lint, and run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
python3 -m ruff check .
python3 -m ruff format --check .
lint-imports
python3 -m pytest -n 2 --dist loadgroup "$@"
