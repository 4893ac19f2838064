#!/usr/bin/env bash
# Starts one more TaskManager JVM for the cluster start-cluster.sh started (a replacement
# after a failure, or more slots), and waits until the JobManager lists it. Its pid goes to
# $LATENTSTREAM_CLUSTER_DIR/taskmanager.N.pid.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/cluster-env.sh"
# Numbered by how many were started before (each leaves its .out), so a replacement never reuses a name.
n=$(( $(find "$run/log" -maxdepth 1 -name 'taskmanager.*.out' | wc -l) + 1 ))
# A resource id of its own: the JobManager may still list a killed TaskManager, so a count of
# TaskManagers cannot tell that this one registered.
id="taskmanager-$n-$$"
tm_out="$(params GET_TM_RESOURCE_PARAMS)"
tm_jvm="$(echo "$tm_out" | head -1)"
tm_dyn="$(echo "$tm_out" | tail -1)"
registered() { curl -sf http://localhost:8081/taskmanagers 2>/dev/null | grep "\"id\":\"$id\"" >/dev/null; }
# shellcheck disable=SC2086
nohup java $tm_jvm "${opens[@]}" -Dlog.file="$run/log/taskmanager.$n.log" -Dlog4j.configurationFile="file:$run/conf/log4j2.properties" \
  -cp "$cp_" org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$run/conf" $tm_dyn -D "taskmanager.resource-id=$id" \
  > "$run/log/taskmanager.$n.out" 2>&1 &
echo $! > "$run/taskmanager.$n.pid"
for _ in $(seq 1 90); do
  if registered; then
    echo "TaskManager $n up (pid $(cat "$run/taskmanager.$n.pid")): http://localhost:8081 (logs in $run/log)"
    exit 0
  fi
  sleep 1
done
echo "TaskManager $n did not register in 90 s; see $run/log" >&2
exit 1
