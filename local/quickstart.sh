#!/usr/bin/env bash
# The README's quick start on the local target: installs what is missing, builds the CLI, starts
# the local stack (Kafka, Kafka Connect with the Neo4j sink, Neo4j) and proves a round trip through
# it. Safe to run again: a running stack is left as it is.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash local/install-prereqs.sh
ziem() { node "$root/dist/cli/bin.js" "$@"; }
ziem stack up
ziem stack check
ziem stack status
cat >&2 <<MSG

The local stack is running. Try:
  alias ziem="node $root/dist/cli/bin.js"
  ziem stack status --json
  ziem stack logs kafka
  ziem stack down            # stop it (add --purge to delete its data)
MSG
