package dev.bindery.runtime.internal;

import java.util.Optional;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

import dev.bindery.internal.admin.RecentEvents;
import dev.bindery.internal.admin.RecentEventsStage;
import dev.bindery.runtime.AdminConfig;
import dev.bindery.runtime.BinderyConfig;
import dev.bindery.spi.dispatch.Stage;

/**
 * The recent events of the admin endpoints ({@code bindery.admin.events.*}): the ring buffer, a bean that the admin
 * endpoints, the Dev UI and the console read, and the pipeline stage that fills it, added only while the admin
 * endpoints are on.
 */
@Singleton
public class RecentEventsRecorder {

    private final AdminConfig config;
    private final RecentEvents events;
    private final ObjectMapper mapper;

    RecentEventsRecorder(BinderyConfig config, ObjectMapper mapper) {
        this.config = config.admin();
        this.mapper = mapper;
        this.events = new RecentEvents(this.config.events().capacity());
    }

    /** @return the last invocations (empty, and never filled, while the admin endpoints are off) */
    @Produces
    @Singleton
    RecentEvents recentEvents() {
        return events;
    }

    /** @return the stage that records every invocation, when the admin endpoints are on */
    Optional<Stage> stage() {
        return config.on()
                ? Optional.of(new RecentEventsStage(events, config.events().includeData(), mapper,
                        RecentEventsRecorder::currentTraceId))
                : Optional.empty();
    }

    /** @return the trace of the span current here: the function's, made current by the telemetry stage */
    private static String currentTraceId() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? span.getTraceId() : null;
    }
}
