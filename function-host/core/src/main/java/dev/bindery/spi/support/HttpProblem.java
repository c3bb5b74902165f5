package dev.bindery.spi.support;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.cloudevents.rw.CloudEventRWException;

import dev.bindery.spi.dispatch.Outcome;

/**
 * An RFC 9457 problem answer ({@code application/problem+json}) and how each failure maps to one. The status codes
 * follow the Knative data-plane contract: 400, 405, 413, 415 and 422 are not retried; 404 and 5xx are.
 */
public record HttpProblem(int status, String slug, String title, String detail, Map<String, Object> extra) {

    public static final String CONTENT_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://bindery.dev/problems/";

    public static HttpProblem of(int status, String slug, String title, String detail) {
        return new HttpProblem(status, slug, title, detail, new LinkedHashMap<>());
    }

    public HttpProblem with(String member, Object value) {
        if (value != null) {
            extra.put(member, value);
        }
        return this;
    }

    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + slug);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.putAll(extra);
        return body;
    }

    /** A malformed event as the CloudEvents SDK reported it. */
    public static HttpProblem malformed(RuntimeException e) {
        String attribute = null;
        if (e instanceof CloudEventRWException rw
                && rw.getKind() == CloudEventRWException.CloudEventRWExceptionKind.INVALID_SPEC_VERSION) {
            attribute = "specversion";
        }
        String detail = describe(e);
        if (attribute == null) {
            attribute = AttributeNames.mentionedIn(detail);
        }
        return of(400, "invalid-event", "Invalid CloudEvent", detail).with("attribute", attribute);
    }

    /** The innermost message, without Jackson's source excerpts. */
    private static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }

    /**
     * Maps an unsuccessful outcome. A host failure is generic: its detail stays in the log, the sender gets only the
     * trace id to find it. A function's failure or rejection carries the function's own message (what the function
     * chose to say in its exception), which senders of the example functions rely on.
     */
    public static HttpProblem of(Outcome outcome) {
        if (outcome instanceof Outcome.Rejected rejected) {
            return rejected.invalidEvent()
                    ? of(400, "invalid-event", "Invalid CloudEvent", rejected.message()).with("attribute",
                            rejected.attribute())
                    : of(422, "event-rejected", "The function rejected the event", rejected.message())
                            .with("function", rejected.name());
        }
        if (outcome instanceof Outcome.NotFound missing) {
            return missing.noRoute()
                    ? of(404, "no-matching-function", "No function matches the event", missing.message())
                    : of(404, "not-found", "Not found", missing.message()).with("function", missing.name());
        }
        if (outcome instanceof Outcome.Failed failed) {
            return of(500, "function-failed", "The function failed", failed.message())
                    .with("function", failed.name());
        }
        if (outcome instanceof Outcome.Denied denied) {
            return denied.unauthenticated()
                    ? of(401, "unauthenticated", "Unauthenticated", denied.message())
                    : of(403, "forbidden", "Forbidden", denied.message());
        }
        if (outcome instanceof Outcome.HostFailure host) {
            return of(500, "host-failure", "The host failed", "The host failed to process the event; its log "
                    + "has the detail under trace id " + host.traceId()).with("traceId", host.traceId());
        }
        throw new IllegalArgumentException("Not a failure: " + outcome);
    }

    /** Finds which required attribute a CloudEvents SDK message is about. */
    static final class AttributeNames {
        private static final String[] REQUIRED = {"specversion", "id", "source", "type", "datacontenttype", "time",
                "dataschema", "subject"};

        private AttributeNames() {
        }

        static String mentionedIn(String message) {
            for (String name : REQUIRED) {
                if (message.contains("'" + name + "'") || message.contains(" " + name + " ")
                        || message.endsWith(" " + name)) {
                    return name;
                }
            }
            return null;
        }
    }
}
