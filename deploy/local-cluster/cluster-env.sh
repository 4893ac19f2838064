# Sourced by start-cluster.sh and start-taskmanager.sh: the cluster's folder, its classpath
# (from Maven, once), the JVM flags Flink's own scripts pass, and Flink's memory settings.
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
# ONNX Runtime's telemetry can crash a fresh TaskManager's task thread.
export ORT_DISABLE_TELEMETRY=1
