#!/usr/bin/env bash
# One command: install and start the app on the bundled demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec python3 -m streamlit run app.py "$@"
