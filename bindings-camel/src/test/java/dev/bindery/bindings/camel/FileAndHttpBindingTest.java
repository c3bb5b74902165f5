package dev.bindery.bindings.camel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

import dev.bindery.binding.BindingException;
import dev.bindery.binding.BindingResponse;
import dev.bindery.binding.StoredObject;
import dev.bindery.spi.binding.BindingsEngine;

/**
 * File bindings on a temporary directory, and HTTP output bindings against WireMock (standing in for a third-party
 * HTTP service).
 */
class FileAndHttpBindingTest extends EngineTestSupport {

    @RegisterExtension
    static final WireMockExtension REMOTE = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort())
            .build();

    @Test
    void aNewFileTriggersTheFunctionAndIsMovedToDoneAfterSuccess(@TempDir Path inbox) throws Exception {
        TestHost host = new TestHost().binding("inbox", "file", inbox.toString(), "poll-interval", "100ms")
                .input("inbox", "ingest");
        start(host);

        Files.writeString(inbox.resolve("order 1.json"), "{\"order\":1}");

        TestHost.await("the file", () -> host.received.size() == 1);
        assertThat(host.received.get(0).getType()).isEqualTo("dev.bindery.file.created");
        assertThat(host.received.get(0).getSubject()).isEqualTo("order 1.json");
        assertThat(host.received.get(0).getDataContentType()).isEqualTo("application/json");
        assertThat(new String(host.received.get(0).getData().toBytes(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"order\":1}");
        TestHost.await("the file to move to .done", () -> Files.exists(inbox.resolve(".done/order 1.json")));
        assertThat(inbox.resolve("order 1.json")).doesNotExist();
    }

    @Test
    void aDirectoryUsedAsObjectStorageReportsEachNewFileOnceAndLeavesIt(@TempDir Path bucket) throws Exception {
        TestHost host = new TestHost().binding("uploads", "file", bucket.toString(), "objects", "true",
                "poll-interval", "100ms").input("uploads", "ingestUpload");
        BindingsEngine engine = start(host);

        Files.createDirectories(bucket.resolve("scans"));
        Files.writeString(bucket.resolve("scans/été 1.txt"), "hello");

        TestHost.await("the object", () -> host.received.size() == 1);
        Thread.sleep(500);
        assertThat(host.received).hasSize(1);
        StoredObject object = TestHost.MAPPER.readValue(host.received.get(0).getData().toBytes(),
                StoredObject.class);
        assertThat(object.key()).isEqualTo("scans/été 1.txt");
        assertThat(object.size()).isEqualTo(5);
        assertThat(object.contentType()).isEqualTo("text/plain");
        assertThat(host.received.get(0).getType()).isEqualTo("dev.bindery.s3.object.created");
        assertThat(bucket.resolve("scans/été 1.txt")).exists();
        assertThat(engine.invoke("uploads", "get", null, Map.of("key", object.key())).text()).isEqualTo("hello");
        assertThat(TestHost.MAPPER.readTree(engine.invoke("uploads", "list", null, Map.of()).bytes()).get(0)
                .path("key").asText()).isEqualTo("scans/été 1.txt");
        assertThatThrownBy(() -> engine.invoke("uploads", "get", null, Map.of("key", "../outside")))
                .isInstanceOf(BindingException.class).hasMessageContaining("leaves the binding's directory");
    }

    @Test
    void outputWritesAFile(@TempDir Path outbox) throws Exception {
        BindingsEngine engine = start(new TestHost().binding("reports", "file", outbox.toString()));

        engine.invoke("reports", "put", Map.of("orders", 2), Map.of("key", "2026/11/summary.json"));

        assertThat(Files.readString(outbox.resolve("2026/11/summary.json"))).isEqualTo("{\"orders\":2}");
    }

    @Test
    void outputCallsAnHttpEndpoint() {
        REMOTE.stubFor(post(urlEqualTo("/hooks/orders")).withHeader("X-Tenant", equalTo("acme"))
                .withRequestBody(equalToJson("{\"order\":5}"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"accepted\":true}")));
        REMOTE.stubFor(get(urlEqualTo("/status")).willReturn(aResponse().withStatus(200).withBody("ok")));
        BindingsEngine engine = start(new TestHost().binding("hooks", "http", REMOTE.baseUrl()));

        BindingResponse created = engine.invoke("hooks", "post", Map.of("order", 5), Map.of("path", "/hooks/orders",
                "X-Tenant", "acme"));
        BindingResponse status = engine.invoke("hooks", "get", null, Map.of("path", "/status"));

        assertThat(created.metadata("status")).contains("201");
        assertThat(created.text()).isEqualTo("{\"accepted\":true}");
        assertThat(status.text()).isEqualTo("ok");
        REMOTE.verify(1, postRequestedFor(urlEqualTo("/hooks/orders")));
    }

    @Test
    void anHttpErrorIsATypedExceptionWithTheStatus() {
        REMOTE.stubFor(post(urlEqualTo("/broken")).willReturn(aResponse().withStatus(503).withBody("try later")));
        BindingsEngine engine = start(new TestHost().binding("hooks", "http", REMOTE.baseUrl()));

        assertThatThrownBy(() -> engine.invoke("hooks", "post", "x", Map.of("path", "/broken")))
                .isInstanceOf(BindingException.class)
                .hasMessage("Binding 'hooks', operation 'post': the server answered 503: try later");
    }

    @Test
    void httpBindingsAreOutputOnly() {
        TestHost host = new TestHost().binding("hooks", "http", "http://127.0.0.1:1").input("hooks", "f");

        assertThatThrownBy(host::start).hasMessageContaining("is an HTTP binding, which is output only");
    }
}
