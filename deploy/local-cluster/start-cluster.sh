#!/usr/bin/env bash
# Starts a standalone Flink 2.2 session cluster from Maven jars: one JobManager and one
# TaskManager (start-taskmanager.sh) as separate JVMs, REST on localhost:8081, logs and pids
# under $LATENTSTREAM_CLUSTER_DIR (default target/local-cluster). Stop it with stop-cluster.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/cluster-env.sh"
jm_jvm="$(params GET_JM_RESOURCE_PARAMS | head -1)"
# shellcheck disable=SC2086
nohup java $jm_jvm "${opens[@]}" -Dlog.file="$run/log/jobmanager.log" -Dlog4j.configurationFile="file:$run/conf/log4j2.properties" \
  -cp "$cp_" org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$run/conf" \
  > "$run/log/jobmanager.out" 2>&1 &
echo $! > "$run/jobmanager.pid"
"$here/start-taskmanager.sh"
