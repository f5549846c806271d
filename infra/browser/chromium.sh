#!/usr/bin/env bash
# Makes sure Debian's Chromium is there for the dashboard's browser tests (playwright-core drives it;
# it downloads no browser of its own). CHROMIUM_PATH points elsewhere.
exec bash "$(dirname "${BASH_SOURCE[0]}")/../debian/ensure.sh" chromium "${CHROMIUM_PATH:-/usr/bin/chromium}" chromium
