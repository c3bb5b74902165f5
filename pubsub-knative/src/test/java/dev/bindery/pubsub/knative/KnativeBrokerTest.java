package dev.bindery.pubsub.knative;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import dev.bindery.pubsub.PublishException;

/** The knative pub/sub component against a Broker played by WireMock. */
class KnativeBrokerTest {

    @RegisterExtension
    static final WireMockExtension BROKER = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort())
            .build();

    static final CloudEvent EVENT = CloudEventBuilder.v1().withId("e-1").withSource(URI.create("/shop"))
            .withType("com.example.order.accepted").withData("application/json", "{\"id\":\"o-1\"}".getBytes(
                    StandardCharsets.UTF_8))
            .build();

    KnativeBroker broker(int attempts) {
        return new KnativeBroker(URI.create(BROKER.baseUrl() + "/default/default"), attempts, Duration.ofMillis(20),
                Duration.ofSeconds(5));
    }

    @Test
    void publishesInBinaryModeWithTheTopicAndRetriesAfterA503() throws Exception {
        BROKER.stubFor(post(urlEqualTo("/default/default")).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("ready"));
        BROKER.stubFor(post(urlEqualTo("/default/default")).inScenario("busy").whenScenarioStateIs("ready")
                .willReturn(aResponse().withStatus(202)));

        broker(3).send("orders", "o-1", EVENT, false, Map.of()).toCompletableFuture().get();

        BROKER.verify(2, postRequestedFor(urlEqualTo("/default/default")).withHeader("ce-id", equalTo("e-1"))
                .withHeader("ce-topic", equalTo("orders")).withHeader("ce-partitionkey", equalTo("o-1"))
                .withHeader("ce-type", equalTo("com.example.order.accepted"))
                .withHeader("content-type", equalTo("application/json")));
    }

    @Test
    void aRefusalIsNotRetried() {
        BROKER.stubFor(post(urlEqualTo("/default/default")).willReturn(aResponse().withStatus(400)));

        assertThatThrownBy(() -> broker(5).send("orders", null, EVENT, false, Map.of()).toCompletableFuture().get())
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(PublishException.class)
                .hasMessageContaining("answered 400");
        BROKER.verify(1, postRequestedFor(urlEqualTo("/default/default")));
    }

    @Test
    void aSinkThatKeepsFailingFailsThePublishAfterItsAttempts() {
        BROKER.stubFor(post(urlEqualTo("/default/default")).willReturn(aResponse().withStatus(503)));

        assertThatThrownBy(() -> broker(3).send("orders", null, EVENT, false, Map.of()).toCompletableFuture().get())
                .hasCauseInstanceOf(PublishException.class).hasMessageContaining("after 3 attempts");
        BROKER.verify(3, postRequestedFor(urlEqualTo("/default/default")));
        assertThat(new KnativeBrokerProvider().type()).isEqualTo("knative");
    }
}
