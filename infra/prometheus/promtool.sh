#!/usr/bin/env bash
# Makes sure promtool is there, to check and unit-test the alert rules in docs/operations. It comes with
# Debian's prometheus package (only promtool is used here). PROMTOOL_PATH points elsewhere.
exec bash "$(dirname "${BASH_SOURCE[0]}")/../debian/ensure.sh" promtool "${PROMTOOL_PATH:-/usr/bin/promtool}" prometheus
