#!/usr/bin/env bash
# The Matrix end-to-end suites against a real homeserver (npm run test:e2e:matrix [-- vitest args]).
# Uses PLENARY_E2E_MATRIX_URL when it answers; otherwise starts the shared Synapse peer on
# 127.0.0.1:${PLENARY_E2E_MATRIX_PORT:-18118}, runs test/e2e/matrix, and stops what it started.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
port=${PLENARY_E2E_MATRIX_PORT:-18118}
url=${PLENARY_E2E_MATRIX_URL:-http://127.0.0.1:$port}
secret=${PLENARY_E2E_MATRIX_SECRET:-test-shared-secret}
answers() { curl -sf --max-time 3 "$url/_matrix/client/versions" >/dev/null 2>&1; }

started=""
if ! answers; then
  synapse=${PLENARY_SYNAPSE_SH:-}
  if [ -z "$synapse" ]; then
    for candidate in "$(pwd)/../shared/peers/synapse/synapse.sh" /work/shared/peers/synapse/synapse.sh; do
      if [ -f "$candidate" ]; then synapse="$candidate"; break; fi
    done
  fi
  if [ -z "$synapse" ] || [ ! -f "$synapse" ]; then
    echo "test:e2e:matrix: nothing answers at $url and the Synapse peer script is not there (set PLENARY_SYNAPSE_SH, or PLENARY_E2E_MATRIX_URL and PLENARY_E2E_MATRIX_SECRET)" >&2
    exit 2
  fi
  port=$(sed -E 's#^https?://[^:/]+:([0-9]+).*#\1#' <<<"$url")
  echo "test:e2e:matrix: starting Synapse on 127.0.0.1:$port"
  bash "$synapse" start "$port"
  started="$synapse"
  url=http://127.0.0.1:$port
  trap 'echo "test:e2e:matrix: stopping the Synapse it started"; bash "$started" stop "$port" >/dev/null 2>&1 || true' EXIT
fi

export PLENARY_E2E_MATRIX_URL=$url PLENARY_E2E_MATRIX_SECRET=$secret
vitest run test/e2e/matrix "$@"
