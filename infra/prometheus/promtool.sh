#!/usr/bin/env bash
# Makes sure promtool is there, to check and unit-test the alert rules in docs/operations. It comes with
# Debian's prometheus package, installed when missing and this user may (only promtool is used here).
set -euo pipefail

PROMTOOL="${PROMTOOL_PATH:-/usr/bin/promtool}"

if [[ -x "$PROMTOOL" ]]; then
  echo "promtool: $("$PROMTOOL" --version 2>&1 | head -1)"
  exit 0
fi

if [[ "$(id -u)" -ne 0 ]] || ! command -v apt-get >/dev/null; then
  echo "promtool: $PROMTOOL is missing; install Debian's package (sudo apt-get install prometheus) or set PROMTOOL_PATH" >&2
  exit 1
fi

echo "promtool: installing Debian's prometheus package ..."
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q --no-install-recommends prometheus >/dev/null ||
  { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends prometheus >/dev/null; }
echo "promtool: $("$PROMTOOL" --version 2>&1 | head -1)"
