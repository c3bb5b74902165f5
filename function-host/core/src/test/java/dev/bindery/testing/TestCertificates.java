package dev.bindery.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed server certificate for {@code localhost} and {@code 127.0.0.1}, made when a test runs (no key
 * material is checked in) with the JDK's {@code keytool}: a PKCS12 key store holding the key and certificate, the
 * certificate alone in PEM, and a PKCS12 trust store holding only the certificate.
 *
 * @param keyStore the server's key and certificate (PKCS12, alias {@code server})
 * @param certificate the certificate in PEM
 * @param trustStore a trust store with the certificate as its one trusted entry (PKCS12)
 * @param password the password of both stores and of the key
 */
public record TestCertificates(Path keyStore, Path certificate, Path trustStore, String password) {

    private static final String ALIAS = "server";
    /** Not a secret: the stores hold a throw-away key made for one test run. */
    private static final String PASSWORD = "test-only";

    /**
     * The certificate made under {@code directory} by an earlier call, or a new one. A Quarkus test loads its profile
     * in more than one class loader, so one run asks more than once and must get the same key each time: use a
     * directory of its own per JVM ({@link #perRun}).
     */
    public static TestCertificates in(Path directory) {
        TestCertificates made = new TestCertificates(directory.resolve("server.p12"), directory.resolve("server.crt"),
                directory.resolve("trust.p12"), PASSWORD);
        if (Files.isRegularFile(made.trustStore)) {
            return made;
        }
        try {
            Files.createDirectories(directory);
            for (Path file : List.of(made.keyStore, made.certificate)) {
                Files.deleteIfExists(file);
            }
            keytool("-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                    "-keystore", made.keyStore.toString(), "-storepass", made.password, "-keypass", made.password);
            keytool("-exportcert", "-rfc", "-alias", ALIAS, "-keystore", made.keyStore.toString(), "-storepass",
                    made.password, "-file", made.certificate.toString());
            keytool("-importcert", "-noprompt", "-alias", ALIAS, "-file", made.certificate.toString(), "-storetype",
                    "PKCS12", "-keystore", made.trustStore.toString(), "-storepass", made.password);
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return {@code target/test-tls/<name>-<pid>}: a directory for this JVM's certificate */
    public static Path perRun(String name) {
        return Path.of("target", "test-tls", name + "-" + ProcessHandle.current().pid()).toAbsolutePath();
    }

    /** @return a client context that trusts this certificate and nothing else */
    public SSLContext trustingContext() {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(in, password.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot load the test trust store " + trustStore, e);
        }
    }

    private static void keytool(String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool " + arguments[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while keytool " + arguments[0] + " ran", e);
        }
    }
}
