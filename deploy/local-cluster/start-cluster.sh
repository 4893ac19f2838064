#!/usr/bin/env bash
# Starts a standalone Flink 2.2 session cluster from Maven jars: one JobManager and one
# TaskManager as separate JVMs, REST on localhost:8081, logs and pids under $LATENTSTREAM_CLUSTER_DIR
# (default target/local-cluster). Stop it with stop-cluster.sh.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
run="${LATENTSTREAM_CLUSTER_DIR:-$repo/target/local-cluster}"
mkdir -p "$run/conf" "$run/log"
cp "$here/config.yaml" "$here/log4j2.properties" "$run/conf/"
if [[ ! -f "$run/classpath" ]]; then
  mvn -q -B -ntp -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$run/classpath" >/dev/null
fi
cp_="$(cat "$run/classpath")"
opens=(--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED)
# Memory settings derived by Flink itself, as its own scripts do.
params() {
  java -cp "$cp_" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$run/conf" 2>/dev/null \
    | grep '^BASH_JAVA_UTILS_EXEC_RESULT:' | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://'
}
jm_jvm="$(params GET_JM_RESOURCE_PARAMS | head -1)"
tm_out="$(params GET_TM_RESOURCE_PARAMS)"
tm_jvm="$(echo "$tm_out" | head -1)"
tm_dyn="$(echo "$tm_out" | tail -1)"
# ONNX Runtime's telemetry can crash a fresh TaskManager's task thread (../shared/notes/FACTS.md).
export ORT_DISABLE_TELEMETRY=1
# shellcheck disable=SC2086
nohup java $jm_jvm "${opens[@]}" -Dlog.file="$run/log/jobmanager.log" -Dlog4j.configurationFile="file:$run/conf/log4j2.properties" \
  -cp "$cp_" org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$run/conf" \
  > "$run/log/jobmanager.out" 2>&1 &
echo $! > "$run/jobmanager.pid"
# shellcheck disable=SC2086
nohup java $tm_jvm "${opens[@]}" -Dlog.file="$run/log/taskmanager.log" -Dlog4j.configurationFile="file:$run/conf/log4j2.properties" \
  -cp "$cp_" org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$run/conf" $tm_dyn \
  > "$run/log/taskmanager.out" 2>&1 &
echo $! > "$run/taskmanager.pid"
for _ in $(seq 1 60); do
  if curl -sf http://localhost:8081/taskmanagers 2>/dev/null | grep -q '"slotsNumber":2'; then
    echo "Flink session cluster up: http://localhost:8081 (logs in $run/log)"
    exit 0
  fi
  sleep 1
done
echo "Flink cluster did not come up in 60 s; see $run/log" >&2
exit 1
