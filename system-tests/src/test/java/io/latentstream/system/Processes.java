package io.latentstream.system;

import io.latentstream.codec.frame.DataDirectory;
import io.latentstream.codec.model.ModelBundle;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The processes a platform engineer runs, started the way README says: a broker from
 * {@code bin/latentstream kafka}, a standalone Flink cluster from deploy/local-cluster, the
 * job jar submitted with {@code flink run}, the CLI's simulate and consume.
 */
final class Processes {
    static final Path REPO = ModelBundle.findRoot(Paths.get(System.getProperty("latentstream.repo", "")));
    static final Path CLIP = DataDirectory.beside(REPO).resolve("video/bgslibrary-traffic/video02.avi");

    private Processes() {}

    /** A broker process; SIGKILL and a start on the same data directory bring back the same broker. */
    static final class Broker implements AutoCloseable {
        private final Path dataDir;
        private final List<String> extra;
        private final Path log;
        private Process process;
        String bootstrapServers;
        final Map<String, String> clientProperties = new LinkedHashMap<>();

        Broker(Path dataDir, String... extra) throws Exception {
            this.dataDir = dataDir;
            this.extra = List.of(extra);
            this.log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
            start();
        }

        void start() throws Exception {
            List<String> cmd = new ArrayList<>(List.of(REPO.resolve("bin/latentstream").toString(), "kafka",
                    "--data-dir", dataDir.toString()));
            cmd.addAll(extra);
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            StringBuilder seen = new StringBuilder();
            while ((line = out.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.startsWith("kafka-property ")) {
                    String kv = line.substring("kafka-property ".length());
                    clientProperties.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                } else if (line.startsWith("bootstrap.servers=")) {
                    bootstrapServers = line.substring("bootstrap.servers=".length());
                    break;
                }
            }
            if (bootstrapServers == null) {
                throw new IllegalStateException("broker did not start:\n" + seen);
            }
            Thread drain = new Thread(() -> drain(out));
            drain.setDaemon(true);
            drain.start();
        }

        private void drain(BufferedReader out) {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    Files.writeString(log, line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                            java.nio.file.StandardOpenOption.APPEND);
                }
            } catch (IOException ignored) {
                // the broker went away; its output ends here
            }
        }

        /** SIGKILL: no clean shutdown, as a crashed host. */
        void kill() throws Exception {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }

        Properties clientProperties() {
            Properties p = new Properties();
            p.putAll(clientProperties);
            p.put("bootstrap.servers", bootstrapServers);
            return p;
        }

        /** The client settings as CLI flags. */
        List<String> kafkaFlags() {
            List<String> flags = new ArrayList<>(List.of("--bootstrap-servers", bootstrapServers));
            clientProperties.forEach((k, v) -> flags.addAll(List.of("--kafka-property", k + "=" + v)));
            return flags;
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    /** A standalone session cluster: one JobManager, TaskManagers added and killed one by one. */
    static final class FlinkCluster implements AutoCloseable {
        private static final HttpClient HTTP = HttpClient.newHttpClient();
        final Path dir;

        FlinkCluster(Path dir) throws Exception {
            this.dir = dir;
            script("start-cluster.sh");
        }

        void startTaskManager() throws Exception {
            script("start-taskmanager.sh");
        }

        /** SIGKILL to the TaskManager started n-th (1: start-cluster.sh's). */
        void killTaskManager(int n) throws Exception {
            Path pid = dir.resolve("taskmanager." + n + ".pid");
            ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).orElseThrow().destroyForcibly();
            Files.delete(pid);
        }

        /** Submits the job jar with `flink run -d`; returns the job id. */
        String submit(List<String> jobArgs) throws Exception {
            Path jar;
            try (var jars = Files.list(REPO.resolve("flink-job/target"))) {
                jar = jars.filter(p -> p.getFileName().toString().matches("flink-job-.*-job\\.jar")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no job jar: build flink-job first"));
            }
            List<String> cmd = new ArrayList<>(List.of(REPO.resolve("deploy/local-cluster/flink").toString(), "run", "-d",
                    "-m", "localhost:8081", "-c", "io.latentstream.job.LatentStreamJob", jar.toString()));
            cmd.addAll(jobArgs);
            String out = run(cmd, Duration.ofMinutes(3));
            Matcher m = Pattern.compile("JobID ([0-9a-f]{32})").matcher(out);
            if (!m.find()) {
                throw new IllegalStateException("flink run gave no job id:\n" + out);
            }
            return m.group(1);
        }

        /** The job's state from the REST API: RUNNING, RESTARTING, FAILED, ... */
        String jobState(String jobId) throws Exception {
            String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:8081/jobs/" + jobId)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("\"state\":\"([A-Z_]+)\"").matcher(body);
            return m.find() ? m.group(1) : body;
        }

        /** Waits until the job is RUNNING with every vertex running, or fails with its last state. */
        void awaitRunning(String jobId, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            String body = "";
            while (System.nanoTime() < deadline) {
                body = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:8081/jobs/" + jobId)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                long vertices = Pattern.compile("\"status\":\"").matcher(body).results().count();
                long running = Pattern.compile("\"status\":\"RUNNING\"").matcher(body).results().count();
                if (body.contains("\"state\":\"RUNNING\"") && vertices > 0 && running == vertices) {
                    return;
                }
                Thread.sleep(500);
            }
            throw new AssertionError("job " + jobId + " not running after " + timeout + ": " + body);
        }

        private void script(String name) throws Exception {
            run(List.of(REPO.resolve("deploy/local-cluster").resolve(name).toString()), Duration.ofMinutes(5));
        }

        private String run(List<String> cmd, Duration timeout) throws Exception {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("LATENTSTREAM_CLUSTER_DIR", dir.toString());
            return Processes.run(pb, timeout);
        }

        /** Stops the cluster; its logs stay in system-tests/target/flink-logs for a look after a failure. */
        @Override
        public void close() throws Exception {
            script("stop-cluster.sh");
            Path kept = REPO.resolve("system-tests/target/flink-logs").resolve(dir.getParent().getFileName().toString());
            Files.createDirectories(kept);
            try (var logs = Files.list(dir.resolve("log"))) {
                for (Path log : (Iterable<Path>) logs::iterator) {
                    Files.copy(log, kept.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Runs bin/latentstream with args; returns its output (stdout and stderr), failing on a non-zero exit. */
    static String cli(Duration timeout, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(REPO.resolve("bin/latentstream").toString()));
        cmd.addAll(args);
        return run(new ProcessBuilder(cmd).redirectErrorStream(true), timeout);
    }

    /** Runs pb to its end; returns its stdout (and stderr where pb merges them), failing on a non-zero exit. */
    static String run(ProcessBuilder pb, Duration timeout) throws Exception {
        Process p = pb.start();
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (out) {
                        out.append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
        });
        reader.start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(pb.command() + " ran past " + timeout + ":\n" + out);
        }
        reader.join();
        if (p.exitValue() != 0) {
            throw new IllegalStateException(pb.command() + " exited " + p.exitValue() + ":\n" + out);
        }
        return out.toString();
    }
}
