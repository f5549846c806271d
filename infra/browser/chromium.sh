#!/usr/bin/env bash
# Makes sure Debian's Chromium is there for the dashboard's browser tests (playwright-core drives it;
# it downloads no browser of its own). Installs the package when missing and this user may; else says how.
set -euo pipefail

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"

if [[ -x "$CHROMIUM" ]]; then
  echo "chromium: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
  exit 0
fi

if [[ "$(id -u)" -ne 0 ]] || ! command -v apt-get >/dev/null; then
  echo "chromium: $CHROMIUM is missing; install Debian's package (sudo apt-get install chromium) or set CHROMIUM_PATH" >&2
  exit 1
fi

echo "chromium: installing Debian's chromium package ..."
export DEBIAN_FRONTEND=noninteractive
# A machine whose package lists are stale gets them refreshed once, then the install is tried again.
apt-get install -y -q --no-install-recommends chromium >/dev/null ||
  { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends chromium >/dev/null; }
echo "chromium: $("$CHROMIUM" --version)"
