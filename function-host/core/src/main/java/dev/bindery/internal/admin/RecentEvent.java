package dev.bindery.internal.admin;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One invocation as the recent events show it (the JSON of {@code GET /q/bindery/events}: the component names are the
 * field names). Immutable.
 *
 * @param seq the position in the order invocations ended, from 1; assigned by {@link RecentEvents#add}
 * @param time when the invocation ended
 * @param transport {@code http}, {@code pubsub}, {@code binding}, {@code lambda}, or an adapter's own
 * @param id the event's id
 * @param type the event's type
 * @param source the event's source
 * @param subject the event's subject, or null
 * @param function the function invoked
 * @param outcome how it ended: {@code success}, {@code failure}, {@code rejected}, {@code invalid_event},
 *        {@code not_found} or {@code denied}
 * @param durationMs from dispatch to the outcome, in milliseconds
 * @param traceId the W3C trace id of the invocation's span (or of the event's {@code traceparent}), or null
 * @param dataContentType the event's {@code datacontenttype}, or null
 * @param data the event's data when data is recorded: JSON as JSON, text as a string; null otherwise (left out)
 * @param dataBase64 the event's data when data is recorded and is neither JSON nor text; null otherwise (left out)
 */
public record RecentEvent(long seq, Instant time, String transport, String id, String type, String source,
        String subject, String function, String outcome, double durationMs, String traceId, String dataContentType,
        @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode data,
        @JsonInclude(JsonInclude.Include.NON_NULL) String dataBase64) {

    /** @return the same event at position {@code seq} */
    RecentEvent withSeq(long seq) {
        return new RecentEvent(seq, time, transport, id, type, source, subject, function, outcome, durationMs,
                traceId, dataContentType, data, dataBase64);
    }
}
