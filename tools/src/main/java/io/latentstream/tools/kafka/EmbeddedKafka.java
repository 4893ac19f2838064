package io.latentstream.tools.kafka;

import io.latentstream.job.JobConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.commons.io.file.PathUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node KRaft Kafka broker (broker and controller in one server, as
 * {@code kafka-server-start.sh} runs it) in this JVM, for the embedded demo, the tests and
 * the loopback broker of {@code bin/latentstream kafka}. Transactions work: their internal
 * topics are configured for one replica.
 *
 * <p>Its data directory holds the log and {@code server.properties}; a broker started again
 * on the same directory comes back on the same ports with its topics, offsets and
 * transactions. The client listener may take SASL/PLAIN for one user whose password is
 * drawn at the first start, and TLS with a self-signed certificate for localhost made then
 * (keytool; the clients' trust store beside it): SASL_PLAINTEXT, SSL or SASL_SSL.
 * {@link #clientProperties()} are what a client adds; they are kept in the directory too.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final String USER = "latentstream";
    private static final String SERVER_PROPERTIES = "server.properties";
    private static final String CLIENT_PROPERTIES = "client.properties";

    private final Path dir;
    private final boolean temporary;
    private final KafkaRaftServer server;
    private final Properties client;

    private EmbeddedKafka(Path dir, boolean temporary, KafkaRaftServer server, Properties client) {
        this.dir = dir;
        this.temporary = temporary;
        this.server = server;
        this.client = client;
    }

    /** A broker on free ports in a temporary folder, deleted on close. */
    public static EmbeddedKafka start() throws Exception {
        return start(null, 0, false, false);
    }

    /**
     * dataDir: where the broker keeps its data and settings across restarts (null: a
     * temporary folder); port: the client listener's port on a first start (0: a free one;
     * the controller takes another free port); sasl: whether clients authenticate; tls:
     * whether the client listener speaks TLS. A directory that already holds a broker keeps
     * its own ports and security settings.
     */
    public static EmbeddedKafka start(Path dataDir, int port, boolean sasl, boolean tls) throws Exception {
        boolean temporary = dataDir == null;
        Path dir = temporary ? Files.createTempDirectory("latentstream-kafka") : dataDir.toAbsolutePath();
        Files.createDirectories(dir);
        Path serverFile = dir.resolve(SERVER_PROPERTIES);
        if (!Files.exists(serverFile)) {
            int clientPort = port == 0 ? freePort() : port;
            Properties server = serverProperties(dir, clientPort, freePort(), sasl, tls);
            Properties client = new Properties();
            client.put("bootstrap.servers", "localhost:" + clientPort);
            if (sasl || tls) {
                client.put("security.protocol", protocol(sasl, tls));
            }
            if (sasl) {
                String password = secret();
                server.put("sasl.enabled.mechanisms", "PLAIN");
                server.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
                server.put("listener.name.client.plain.sasl.jaas.config", plainLogin(password)
                        .replace(";", " user_" + USER + "=\"" + password + "\";"));
                client.put("sasl.mechanism", "PLAIN");
                client.put("sasl.jaas.config", plainLogin(password));
            }
            if (tls) {
                String secret = secret();
                SelfSignedCertificate.create(dir, secret);
                server.put("ssl.keystore.location", dir.resolve(SelfSignedCertificate.KEY_STORE).toString());
                server.put("ssl.keystore.password", secret);
                server.put("ssl.keystore.type", "PKCS12");
                // Clients trust the certificate; so does the broker, its own client on the inter-broker listener.
                for (Properties p : List.of(client, server)) {
                    p.put("ssl.truststore.location", dir.resolve(SelfSignedCertificate.TRUST_STORE).toString());
                    p.put("ssl.truststore.password", secret);
                    p.put("ssl.truststore.type", "PKCS12");
                }
            }
            store(server, serverFile);
            store(client, dir.resolve(CLIENT_PROPERTIES));
            new Formatter().setNodeId(1).setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(server.getProperty("log.dirs")))
                    .setMetadataLogDirectory(server.getProperty("log.dirs"))
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                    .run();
        }
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(load(serverFile)), Time.SYSTEM);
        server.startup();
        EmbeddedKafka kafka = new EmbeddedKafka(dir, temporary, server, load(dir.resolve(CLIENT_PROPERTIES)));
        kafka.awaitReady();
        return kafka;
    }

    private static Properties serverProperties(Path dir, int port, int controllerPort, boolean sasl, boolean tls) {
        String protocol = protocol(sasl, tls);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", "CLIENT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "CLIENT://localhost:" + port);
        p.put("listener.security.protocol.map", "CLIENT:" + protocol + ",CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "CLIENT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("log.dirs", dir.resolve("log").toString());
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("message.max.bytes", "16777216");
        Properties out = new Properties();
        out.putAll(p);
        return out;
    }

    /** A password drawn at the broker's first start and kept in its directory. */
    private static String secret() {
        return HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    }

    private static String protocol(boolean sasl, boolean tls) {
        return (sasl ? "SASL_" : "") + (tls ? "SSL" : "PLAINTEXT");
    }

    private static String plainLogin(String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + USER
                + "\" password=\"" + password + "\";";
    }

    private void awaitReady() throws Exception {
        try (Admin admin = Admin.create(clientProperties())) {
            admin.describeCluster().nodes().get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    public String bootstrapServers() {
        return client.getProperty("bootstrap.servers");
    }

    /** Properties a client needs here: bootstrap servers, and SASL settings where the broker takes SASL. */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(client);
        return p;
    }

    /**
     * Creates the job's topics under their default names: frames in and out with
     * framePartitions partitions (the job's parallelism), quality, dead letters and
     * control with one.
     */
    public void createJobTopics(int framePartitions) throws Exception {
        createTopics(framePartitions, JobConfig.RAW_TOPIC, JobConfig.COMPRESSED_TOPIC);
        createTopics(1, JobConfig.QUALITY_TOPIC, JobConfig.DEAD_LETTER_TOPIC, JobConfig.CONTROL_TOPIC);
    }

    /** Creates topics (idempotently): a KafkaSource on a missing topic would wait forever. */
    public void createTopics(int partitions, String... topics) throws Exception {
        try (Admin admin = Admin.create(clientProperties())) {
            for (String t : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(t, partitions, (short) 1)
                            .configs(Map.of("max.message.bytes", "16777216")))).all().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    @Override
    public void close() throws Exception {
        server.shutdown();
        server.awaitShutdown();
        if (temporary) {
            PathUtils.deleteDirectory(dir);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void store(Properties p, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, "written by LatentStream's EmbeddedKafka");
        }
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
