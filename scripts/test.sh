#!/usr/bin/env bash
# The whole gate: type check, lint, then the unit, integration and e2e projects.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
echo "== typecheck"; tsc --noEmit -p tsconfig.json
echo "== lint"; eslint . --max-warnings 0
echo "== tests"; vitest run "$@"
