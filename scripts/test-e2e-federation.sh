#!/usr/bin/env bash
# The federation end-to-end suite against two real homeservers that federate on loopback
# (npm run test:e2e:federation [-- vitest args]). Uses PLENARY_E2E_FED_A_URL / PLENARY_E2E_FED_B_URL when
# both answer; otherwise starts the shared Synapse pair (client ports 18308/18309, federation
# 18348/18349), runs test/e2e/federation, and stops what it started.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
a=${PLENARY_E2E_FED_A_URL:-http://127.0.0.1:18308}
b=${PLENARY_E2E_FED_B_URL:-http://127.0.0.1:18309}
answers() { curl -sf --max-time 3 "$1/_matrix/client/versions" >/dev/null 2>&1; }

synapse=${PLENARY_SYNAPSE_SH:-}
if [ -z "$synapse" ]; then
  for candidate in "$(pwd)/../shared/peers/synapse/synapse.sh" /work/shared/peers/synapse/synapse.sh; do
    if [ -f "$candidate" ]; then synapse="$candidate"; break; fi
  done
fi

started=()
stop_started() {
  for port in "${started[@]}"; do bash "$synapse" stop "$port" >/dev/null 2>&1 || true; done
}
trap stop_started EXIT
if ! answers "$a" || ! answers "$b"; then
  if [ -z "$synapse" ] || [ ! -f "$synapse" ]; then
    echo "test:e2e:federation: the homeservers do not answer and the Synapse peer script is not there (set PLENARY_SYNAPSE_SH, or PLENARY_E2E_FED_A_URL and PLENARY_E2E_FED_B_URL)" >&2
    exit 2
  fi
  echo "test:e2e:federation: starting two federating Synapse servers"
  if ! answers "$a"; then SYNAPSE_FEDERATION_PORT=18348 SYNAPSE_FEDERATION_PEERS=127.0.0.1:18349 bash "$synapse" start 18308 & pa=$!; fi
  if ! answers "$b"; then SYNAPSE_FEDERATION_PORT=18349 SYNAPSE_FEDERATION_PEERS=127.0.0.1:18348 bash "$synapse" start 18309 & pb=$!; fi
  [ -n "${pa:-}" ] && { wait "$pa"; started+=(18308); }
  [ -n "${pb:-}" ] && { wait "$pb"; started+=(18309); }
  a=http://127.0.0.1:18308 b=http://127.0.0.1:18309
fi

export PLENARY_E2E_FED_A_URL=$a PLENARY_E2E_FED_B_URL=$b
vitest run test/e2e/federation "$@"
