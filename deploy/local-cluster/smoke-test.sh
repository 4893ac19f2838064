#!/usr/bin/env bash
# Process-level check of `flink run`: a standalone Flink cluster (JobManager and TaskManager
# JVMs), a Kafka broker in its own JVM, the job jar submitted with the flink CLI, two simulated
# cameras, and a read_committed consumer that must decode every frame. Needs the README build.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
jar="$(ls flink-job/target/flink-job-*-job.jar)"
work="$(mktemp -d)"
kafka_pid=""
cleanup() {
  LATENTSTREAM_CLUSTER_DIR="$work/cluster" deploy/local-cluster/stop-cluster.sh
  [[ -n "$kafka_pid" ]] && kill "$kafka_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

bin/latentstream kafka > "$work/kafka.out" 2>&1 &
kafka_pid=$!
for _ in $(seq 1 60); do grep -q '^bootstrap.servers=' "$work/kafka.out" && break; sleep 1; done
bs="$(sed -n 's/^bootstrap.servers=//p' "$work/kafka.out")"
[[ -n "$bs" ]] || { echo "Kafka did not start" >&2; cat "$work/kafka.out" >&2; exit 1; }

LATENTSTREAM_CLUSTER_DIR="$work/cluster" deploy/local-cluster/start-cluster.sh
frames=15
bin/latentstream simulate --bootstrap-servers "$bs" --cameras 2 --frames "$frames" --as-fast-as-possible \
  --source "${LATENTSTREAM_DATA:-../shared/data}/video/bgslibrary-traffic/video02.avi"
LATENTSTREAM_CLUSTER_DIR="$work/cluster" deploy/local-cluster/flink run -d -m localhost:8081 \
  -c io.latentstream.job.LatentStreamJob "$jar" --bootstrap-servers "$bs" --model "$repo/models/b18-vr-n96" \
  --start-from-earliest --checkpoint-interval-ms 2000
bin/latentstream consume --bootstrap-servers "$bs" --max-frames $((2 * frames)) --idle-timeout-s 120 | tee "$work/table"
decoded="$(awk -F'|' '/cam-/ {s += $6} END {print s + 0}' "$work/table")"
if [[ "$decoded" -ne $((2 * frames)) ]]; then
  echo "smoke test: $decoded of $((2 * frames)) frames decoded" >&2
  exit 1
fi
echo "smoke test: flink run on a standalone cluster delivered and decoded all $decoded frames"
