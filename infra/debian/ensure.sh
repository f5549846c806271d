#!/usr/bin/env bash
# Makes sure a tool from a Debian package is on this machine: installs the package when the tool is missing
# and this user may, else says how. Usage: ensure.sh <name> <path of the tool> <Debian package>
set -euo pipefail
name="$1" tool="$2" package="$3"

if [[ -x "$tool" ]]; then
  echo "$name: $("$tool" --version 2>/dev/null | head -1 || echo "$tool")"
  exit 0
fi

if [[ "$(id -u)" -ne 0 ]] || ! command -v apt-get >/dev/null; then
  echo "$name: $tool is missing; install Debian's package (sudo apt-get install $package) or point to it" >&2
  exit 1
fi

echo "$name: installing Debian's $package package ..."
export DEBIAN_FRONTEND=noninteractive
# A machine whose package lists are stale gets them refreshed once, then the install is tried again.
apt-get install -y -q --no-install-recommends "$package" >/dev/null ||
  { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "$package" >/dev/null; }
echo "$name: $("$tool" --version 2>&1 | head -1)"
