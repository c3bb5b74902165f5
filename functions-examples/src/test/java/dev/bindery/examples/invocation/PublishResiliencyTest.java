package dev.bindery.examples.invocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.bindery.pubsub.PublishRequest;
import dev.bindery.pubsub.Publisher;

/**
 * A component's outbound resiliency policies on a real broker: the default pub/sub component (Kafka, in the test JVM)
 * publishes under a 2 s timeout per attempt and retries; its broker is stopped mid-test and started again, and a
 * publish made while it is down completes once it is back, without the function seeing a failure.
 */
@QuarkusTest
@QuarkusTestResource(value = RestartableKafka.class, restrictToAnnotatedClass = true)
class PublishResiliencyTest {

    @Inject
    Publisher publisher;

    @Inject
    MeterRegistry metrics;

    @Test
    void aPublishWhileTheBrokerIsDownIsRetriedUntilItIsBack() throws Exception {
        assertThat(publisher.publish(PublishRequest.to("resilient").data("before").build())).isNotBlank();

        RestartableKafka.stopBroker();
        CompletableFuture<String> published = publisher.publishAsync(PublishRequest.to("resilient").data("during")
                .build()).toCompletableFuture();
        Thread.sleep(5_000);
        assertThat(published).as("still retrying while the broker is down").isNotDone();
        RestartableKafka.startBroker();

        assertThat(published.get(60, TimeUnit.SECONDS)).isNotBlank();
        assertThat(metrics.find("bindery.resiliency.retries").tag("target", "components/default").counter().count())
                .as("attempts past the 2 s timeout were retried").isGreaterThanOrEqualTo(1);
    }
}
