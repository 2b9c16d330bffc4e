#!/usr/bin/env bash
# The README's quick start on the local target, as root: installs what is missing, builds the CLI,
# then `ziem deploy`: the local stack (Kafka, Kafka Connect with the Neo4j sink, Neo4j), the sandbox
# hosts, the capture agent, the embedded ksqlDB engine on Kafka with the ksql/ pipeline, the graph
# connectors and the anomaly model (trained on a warm-up of normal traffic the first time).
# Safe to run again: a second deploy converges without changes.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash local/install-prereqs.sh
node "$root/dist/cli/bin.js" deploy
cat >&2 <<MSG

The platform is running. Try:
  alias ziem="node $root/dist/cli/bin.js"
  ziem alerts --follow                                   # alerts as they arrive
  ziem attack-sim portscan --expect-detection --timeout 30s
  cat .ziem/secrets/neo4j.password                       # Neo4j Browser: http://127.0.0.1:7474/browser/ (user neo4j)
  ziem destroy                                           # stop everything (add --purge to delete the data)
MSG
