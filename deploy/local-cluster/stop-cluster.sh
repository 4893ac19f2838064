#!/usr/bin/env bash
# Stops the JobManager and every TaskManager start-cluster.sh and start-taskmanager.sh started.
set -uo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
run="${LATENTSTREAM_CLUSTER_DIR:-$repo/target/local-cluster}"
for f in "$run"/taskmanager.*.pid "$run"/jobmanager.pid; do
  [[ -f "$f" ]] || continue
  kill "$(cat "$f")" 2>/dev/null
  rm -f "$f"
done
exit 0
