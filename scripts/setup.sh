#!/usr/bin/env bash
# Installs Plenary: a current Node (if the machine's is too old), the locked
# dependencies, and the generated Prisma client. Safe to run again.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
nodebin="$(bash scripts/ensure-node.sh)"
export PATH="$nodebin:$root/node_modules/.bin:$PATH"
echo "plenary setup: node $(node --version), npm $(npm --version)"
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund
else
  npm install --no-audit --no-fund
fi
bash scripts/prisma-generate.sh
touch node_modules/.plenary-installed
echo "plenary setup: done"
