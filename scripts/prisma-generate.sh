#!/usr/bin/env bash
# `prisma generate` tries to download the native schema engine first; generation
# does not run it, so pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file
# lets it work offline (see docs/ARCHITECTURE.md, "Migrations offline").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$root/scripts/prisma-generate.sh}"
export PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1
if [ -f prisma/schema.prisma ]; then
  node_modules/.bin/prisma generate --schema prisma/schema.prisma
fi
