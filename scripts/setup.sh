#!/usr/bin/env bash
# Installs what the app and tests need (idempotent; quick when already installed).
set -euo pipefail
cd "$(dirname "$0")/.."
extra="${1:-}"
python3 -m pip install --quiet --disable-pip-version-check -e ".${extra:+[$extra]}"
if [[ "$extra" == "test" ]] && ! command -v chromium >/dev/null 2>&1; then
  # Browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
  if command -v apt-get >/dev/null 2>&1 && [[ "$(id -u)" == "0" ]]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium not found: browser tests will be skipped (install Debian's chromium package)" >&2
  fi
fi
