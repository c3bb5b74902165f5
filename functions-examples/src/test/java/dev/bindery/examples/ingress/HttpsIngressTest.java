package dev.bindery.examples.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.bindery.testing.TestCertificates;
import dev.bindery.testing.TestEvents;

/**
 * The ingress over HTTPS, configured through Quarkus' TLS registry alone ({@code quarkus.tls.key-store.*}) with plain
 * HTTP switched off ({@code quarkus.http.insecure-requests=disabled}): a client that trusts the server's certificate
 * gets the function's reply, one that does not fails the handshake, and nothing answers plain HTTP.
 */
@QuarkusTest
@TestProfile(HttpsIngressTest.HttpsOnly.class)
class HttpsIngressTest {

    /** A certificate made for this run, HTTPS on a random port, and no plain HTTP server on its port. */
    public static class HttpsOnly implements QuarkusTestProfile {
        static final TestCertificates CERTIFICATES = TestCertificates.in(TestCertificates.perRun("https"));

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bindery.state.default.data-dir", "target/test-state/https-default",
                    "bindery.state.orders.data-dir", "target/test-state/https-orders",
                    "quarkus.tls.key-store.p12.path", CERTIFICATES.keyStore().toAbsolutePath().toString(),
                    "quarkus.tls.key-store.p12.password", CERTIFICATES.password(),
                    "quarkus.http.insecure-requests", "disabled",
                    "quarkus.http.test-ssl-port", "0",
                    "quarkus.http.test-port", Integer.toString(freePort()));
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    /** The profile chose it; read back from the configuration, as the profile may be loaded more than once. */
    @ConfigProperty(name = "quarkus.http.test-port")
    int plainPort;

    @Test
    void aClientThatTrustsTheCertificateGetsTheFunctionsReply() throws Exception {
        HttpResponse<String> reply = post(client(HttpsOnly.CERTIFICATES.trustingContext()), https.toURI());

        assertThat(https.getProtocol()).isEqualTo("https");
        assertThat(reply.statusCode()).isEqualTo(200);
        CloudEvent event = new JsonFormat().deserialize(reply.body().getBytes(StandardCharsets.UTF_8));
        assertThat(event.getType()).isEqualTo("greet.output");
        assertThat(new String(event.getData().toBytes(), StandardCharsets.UTF_8)).contains("Hello, Ada!");
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateFailsTheHandshake() throws Exception {
        HttpClient untrusting = client(SSLContext.getDefault());

        assertThatThrownBy(() -> post(untrusting, https.toURI())).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void plainHttpIsRefused() throws Exception {
        HttpClient client = client(SSLContext.getDefault());

        assertThatThrownBy(() -> post(client, URI.create("http://localhost:" + plainPort + "/")))
                .as("nothing listens on the plain HTTP port").isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> post(client, URI.create("http://localhost:" + https.getPort() + "/")))
                .as("the HTTPS port answers no plain HTTP request").isInstanceOf(IOException.class);
    }

    private static HttpClient client(SSLContext tls) {
        return HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpResponse<String> post(HttpClient client, URI target) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10))
                .header("content-type", "application/cloudevents+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestEvents.bytes("http/greet.json"))).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
