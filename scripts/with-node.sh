#!/usr/bin/env bash
# Runs a command with a Node >= 22.12 first on PATH (provisioned into .tools/ when
# the machine's Node is older) and node_modules/.bin after it; installs the
# project first when node_modules is missing or older than the lockfile.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
nodebin="$(bash "$root/scripts/ensure-node.sh")"
export PATH="$nodebin:$root/node_modules/.bin:$PATH"
if [ ! -f "$root/node_modules/.plenary-installed" ] || [ "$root/package-lock.json" -nt "$root/node_modules/.plenary-installed" ]; then
  bash "$root/scripts/setup.sh" >&2
fi
exec "$@"
