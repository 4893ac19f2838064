package io.latentstream.tools.kafka;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for localhost and 127.0.0.1, made with the JDK's keytool: the
 * broker's key store and the clients' trust store (PKCS12), for a loopback TLS listener.
 */
final class SelfSignedCertificate {
    static final String KEY_STORE = "broker.keystore.p12";
    static final String TRUST_STORE = "client.truststore.p12";
    private static final String CERT = "broker.crt";

    private SelfSignedCertificate() {}

    static void create(Path dir, String password) throws IOException, InterruptedException {
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", dir.resolve(KEY_STORE).toString(), "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-alias", "broker", "-rfc", "-file", dir.resolve(CERT).toString(),
                "-keystore", dir.resolve(KEY_STORE).toString(), "-storepass", password);
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", dir.resolve(CERT).toString(),
                "-storetype", "PKCS12", "-keystore", dir.resolve(TRUST_STORE).toString(), "-storepass", password);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        Path keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool");
        List<String> cmd = new java.util.ArrayList<>(List.of(keytool.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + out);
        }
    }
}
