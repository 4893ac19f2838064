#!/usr/bin/env bash
# Stops the cluster start-cluster.sh started.
set -uo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
run="${LATENTSTREAM_CLUSTER_DIR:-$repo/target/local-cluster}"
for p in taskmanager jobmanager; do
  [[ -f "$run/$p.pid" ]] && kill "$(cat "$run/$p.pid")" 2>/dev/null
  rm -f "$run/$p.pid"
done
exit 0
