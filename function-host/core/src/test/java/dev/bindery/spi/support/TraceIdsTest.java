package dev.bindery.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

import io.cloudevents.core.builder.CloudEventBuilder;

class TraceIdsTest {

    private static CloudEventBuilder event() {
        return CloudEventBuilder.v1().withId("1").withSource(URI.create("/test")).withType("t");
    }

    @Test
    void theTraceIdIsTheSecondFieldOfTheTraceparent() {
        assertThat(TraceIds.of(event().withExtension("traceparent",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").build()))
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void anEventWithoutATraceparentOrWithOneTooShortOrMalformedHasNone() {
        assertThat(TraceIds.of(event().build())).isNull();
        assertThat(TraceIds.of(event().withExtension("traceparent", "00-4bf92f3577b34da6").build())).isNull();
        assertThat(TraceIds.of(event().withExtension("traceparent",
                "004bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").build())).isNull();
        assertThat(TraceIds.of(null)).isNull();
    }
}
