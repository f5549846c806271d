#!/usr/bin/env bash
# Makes sure the supported Node.js (the version in .node-version, an LTS line) is on this machine, and prints
# its directory (bin/node, include/node). It comes from the npm registry as the package node-<os>-<arch>,
# the official build with its headers, so native modules (better-sqlite3) compile against it offline:
#   node="$(bash infra/node/node.sh)"; PATH="$node/bin:$PATH" npm_config_nodedir="$node" npm ci
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

version="$(tr -d '[:space:]v' < .node-version)"
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "node: no official build for $(uname -m)" >&2; exit 1 ;;
esac
package="node-$(uname -s | tr '[:upper:]' '[:lower:]')-$arch"
home="$PWD/.cache/node/$version"

if [[ ! -x "$home/bin/node" ]]; then
  echo "node: fetching $package@$version ..." >&2
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  npm pack --silent --pack-destination "$work" "$package@$version" >/dev/null
  tar -xzf "$work"/*.tgz -C "$work"
  mkdir -p "$(dirname "$home")"
  rm -rf "$home" && mv "$work/package" "$home"
fi
# A broken download would surface here rather than halfway through a test run.
[[ "$("$home/bin/node" --version)" == "v$version" ]] || { echo "node: $home is not v$version" >&2; exit 1; }
echo "$home"
