package dev.bindery.internal.admin;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;

import dev.bindery.internal.stages.OutcomeKind;
import dev.bindery.spi.dispatch.InvocationListener;
import dev.bindery.spi.dispatch.Outcome;
import dev.bindery.spi.dispatch.Stage;
import dev.bindery.spi.support.MediaTypes;
import dev.bindery.spi.support.TraceIds;

/**
 * Records every invocation, whatever its transport, in the {@link RecentEvents}: right after the telemetry stage, so it
 * sees every outcome (a denial, a duplicate) and, once the function runs, the trace of its span.
 */
public final class RecentEventsStage implements Stage {

    /** Right after telemetry, before security: denied events are recorded too. */
    public static final int ORDER = TELEMETRY + 1;

    private final RecentEvents events;
    private final boolean includeData;
    private final ObjectMapper mapper;
    private final Supplier<String> currentTraceId;

    /**
     * @param includeData whether the events' data is recorded
     * @param mapper reads JSON data
     * @param currentTraceId the trace id current on the function's thread (its span's), or null
     */
    public RecentEventsStage(RecentEvents events, boolean includeData, ObjectMapper mapper,
            Supplier<String> currentTraceId) {
        this.events = events;
        this.includeData = includeData;
        this.mapper = mapper;
        this.currentTraceId = currentTraceId;
    }

    @Override
    public int order() {
        return ORDER;
    }

    @Override
    public CompletionStage<Outcome> apply(Dispatch dispatch, Chain next) {
        long start = System.nanoTime();
        CloudEvent event = dispatch.event();
        String transport = dispatch.request().transport();
        String function = dispatch.function();
        String[] traceId = {TraceIds.of(event)};
        dispatch.aroundFunction(() -> {
            String current = currentTraceId.get();
            if (current != null) {
                traceId[0] = current;
            }
            return InvocationListener.Scope.NONE;
        });
        return next.proceed(dispatch).thenApply(outcome -> {
            events.add(new RecentEvent(0, Instant.now(), transport, event.getId(), event.getType(),
                    event.getSource() == null ? null : event.getSource().toString(), event.getSubject(), function,
                    OutcomeKind.of(outcome).label(), (System.nanoTime() - start) / 1_000L / 1000.0, traceId[0],
                    event.getDataContentType(), includeData ? data(event) : null,
                    includeData ? dataBase64(event) : null));
            return outcome;
        });
    }

    private JsonNode data(CloudEvent event) {
        byte[] bytes = bytes(event);
        if (bytes == null || binary(event.getDataContentType())) {
            return null;
        }
        if (MediaTypes.isJson(event.getDataContentType())) {
            try {
                return mapper.readTree(bytes);
            } catch (java.io.IOException notJson) {
                // shown as it came
            }
        }
        return TextNode.valueOf(new String(bytes, StandardCharsets.UTF_8));
    }

    private static String dataBase64(CloudEvent event) {
        byte[] bytes = bytes(event);
        return bytes != null && binary(event.getDataContentType()) ? Base64.getEncoder().encodeToString(bytes) : null;
    }

    /** Neither JSON nor text: shown as base64. */
    private static boolean binary(String contentType) {
        return !MediaTypes.isJson(contentType) && !contentType.regionMatches(true, 0, "text/", 0, 5)
                && !contentType.regionMatches(true, 0, "application/xml", 0, 15);
    }

    private static byte[] bytes(CloudEvent event) {
        CloudEventData data = event.getData();
        return data == null ? null : data.toBytes();
    }
}
