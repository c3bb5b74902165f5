package dev.bindery.bindings.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bindery.binding.BindingException;
import dev.bindery.binding.BindingResponse;
import dev.bindery.binding.StoredObject;
import dev.bindery.spi.binding.BindingsEngine;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Object-storage bindings against S3Proxy started in-process: polling for new objects, and the S3 operations. */
class S3BindingTest extends EngineTestSupport {

    @RegisterExtension
    static final S3ProxyExtension S3PROXY = S3ProxyExtension.builder().withCredentials("access", "secret").build();

    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private static S3Client s3() {
        return S3Client.builder().endpointOverride(S3PROXY.getUri()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("access",
                        "secret")))
                .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static String newBucket(S3Client s3) {
        String bucket = "bucket-" + BUCKETS.incrementAndGet();
        s3.createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    private static String[] options(String bucket, String... more) {
        List<String> options = new ArrayList<>(List.of("s3", bucket, "endpoint", S3PROXY.getUri().toString(),
                "access-key", "access", "secret-key", "secret", "poll-interval", "200ms"));
        options.addAll(List.of(more));
        return options.toArray(String[]::new);
    }

    private static StoredObject object(TestHost host, int index) throws Exception {
        return TestHost.MAPPER.readValue(host.received.get(index).getData().toBytes(), StoredObject.class);
    }

    @Test
    void aNewObjectTriggersTheFunctionOnceWithItsKeyAndIsNotDeleted() throws Exception {
        try (S3Client s3 = s3()) {
            String bucket = newBucket(s3);
            String spaced = "reports/monthly report.txt";
            String unicode = "uploads/données été ✓.json";
            s3.putObject(b -> b.bucket(bucket).key(spaced), RequestBody.fromString("hello"));
            s3.putObject(b -> b.bucket(bucket).key(unicode), RequestBody.fromString("{\"a\":1}"));
            TestHost host = new TestHost().binding("uploads", options(bucket)).input("uploads", "ingestUpload");
            start(host);

            TestHost.await("both objects", () -> host.received.size() >= 2);
            Thread.sleep(1000);

            assertThat(host.received).hasSize(2);
            assertThat(List.of(object(host, 0).key(), object(host, 1).key())).containsExactlyInAnyOrder(spaced,
                    unicode);
            StoredObject report = object(host, 0).key().equals(spaced) ? object(host, 0) : object(host, 1);
            assertThat(report.bucket()).isEqualTo(bucket);
            assertThat(report.size()).isEqualTo(5);
            assertThat(report.eTag()).isEqualTo(s3.headObject(b -> b.bucket(bucket).key(spaced)).eTag()
                    .replace("\"", ""));
            assertThat(host.received.get(0).getType()).isEqualTo("dev.bindery.s3.object.created");
            assertThat(host.received).extracting(event -> event.getSubject()).containsExactlyInAnyOrder(spaced,
                    unicode);
            assertThat(s3.listObjects(b -> b.bucket(bucket)).contents()).hasSize(2);

            s3.putObject(b -> b.bucket(bucket).key("later.txt"), RequestBody.fromString("later"));
            TestHost.await("the later object", () -> host.received.size() == 3);
            assertThat(object(host, 2).key()).isEqualTo("later.txt");
        }
    }

    @Test
    void theFunctionReadsTheContentAsAStream() throws Exception {
        try (S3Client s3 = s3()) {
            String bucket = newBucket(s3);
            s3.putObject(b -> b.bucket(bucket).key("big file.bin"), RequestBody.fromString("0123456789".repeat(
                    10_000)));
            TestHost host = new TestHost().binding("uploads", options(bucket)).input("uploads", "ingestUpload");
            BindingsEngine engine = start(host);
            TestHost.await("the object", () -> host.received.size() == 1);

            BindingResponse content = engine.invoke("uploads", "get", null, Map.of("key", object(host, 0).key()));

            try (var stream = content.stream()) {
                assertThat(stream.readAllBytes()).hasSize(100_000);
            }
        }
    }

    @Test
    void aFailingObjectIsRetriedThenDeadLetteredWithTheReason(@TempDir Path dead) throws Exception {
        try (S3Client s3 = s3()) {
            String bucket = newBucket(s3);
            s3.putObject(b -> b.bucket(bucket).key("bad.csv"), RequestBody.fromString("x"));
            TestHost host = new TestHost()
                    .binding("uploads", options(bucket, "retry-attempts", "2", "retry-initial-delay", "10ms",
                            "dead-letter", "failed"))
                    .binding("failed", "file", dead.toString())
                    .input("uploads", "ingestUpload")
                    .failing(TestHost.failure("ingestUpload", new IllegalStateException("cannot parse"), true));
            start(host);

            TestHost.await("the dead letter", () -> {
                try (var files = Files.list(dead)) {
                    return files.findAny().isPresent();
                }
            });
            Path letter;
            try (var files = Files.list(dead)) {
                letter = files.findFirst().orElseThrow();
            }
            JsonNode json = TestHost.MAPPER.readTree(Files.readString(letter, StandardCharsets.UTF_8));
            assertThat(json.path("dlqreason").asText()).contains("cannot parse");
            assertThat(json.path("subject").asText()).isEqualTo("bad.csv");
            assertThat(json.path("dlqattempts").asInt()).isEqualTo(2);
            Thread.sleep(800);
            assertThat(host.received).as("dead-lettered, so not polled again").hasSize(2);
            assertThat(s3.listObjects(b -> b.bucket(bucket)).contents()).hasSize(1);
        }
    }

    @Test
    void outputPutsGetsListsAndDeletesObjects() throws Exception {
        try (S3Client s3 = s3()) {
            String bucket = newBucket(s3);
            BindingsEngine engine = start(new TestHost().binding("reports", options(bucket)));

            BindingResponse put = engine.invoke("reports", "put", Map.of("orders", 3), Map.of("key",
                    "daily/2026-11-26 report.json"));
            assertThat(put.metadata("etag")).isPresent();
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("daily/2026-11-26 report.json")).asUtf8String())
                    .isEqualTo("{\"orders\":3}");

            assertThat(engine.invoke("reports", "get", null, Map.of("key", "daily/2026-11-26 report.json")).text())
                    .isEqualTo("{\"orders\":3}");
            JsonNode listed = TestHost.MAPPER.readTree(engine.invoke("reports", "list", null, Map.of()).bytes());
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).path("key").asText()).isEqualTo("daily/2026-11-26 report.json");

            engine.invoke("reports", "delete", null, Map.of("key", "daily/2026-11-26 report.json"));
            assertThat(s3.listObjects(b -> b.bucket(bucket)).contents()).isEmpty();
        }
    }

    @Test
    void aMissingKeyOrAnUnknownOperationIsATypedErrorNamingBindingAndOperation() throws Exception {
        try (S3Client s3 = s3()) {
            BindingsEngine engine = start(new TestHost().binding("reports", options(newBucket(s3))));

            assertThatThrownBy(() -> engine.invoke("reports", "put", "x", Map.of()))
                    .isInstanceOf(BindingException.class)
                    .hasMessage("Binding 'reports', operation 'put': metadata 'key' is missing");
            assertThatThrownBy(() -> engine.invoke("reports", "rename", "x", Map.of()))
                    .isInstanceOf(BindingException.class)
                    .hasMessageContaining("not an operation of s3 bindings; known: create (put), get, delete, list");
            assertThatThrownBy(() -> engine.invoke("reports", "get", null, Map.of("key", "absent")))
                    .isInstanceOf(BindingException.class)
                    .hasMessageContaining("Binding 'reports', operation 'get'");
            assertThatThrownBy(() -> engine.invoke("nope", "get", null, Map.of()))
                    .isInstanceOf(BindingException.class).hasMessageContaining("no such binding");
        }
    }
}
