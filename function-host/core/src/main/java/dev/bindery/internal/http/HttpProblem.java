package dev.bindery.internal.http;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.cloudevents.rw.CloudEventRWException;

import dev.bindery.function.NotFoundException;
import dev.bindery.spi.DispatchException;
import dev.bindery.spi.FunctionFailedException;
import dev.bindery.spi.InvalidEventException;
import dev.bindery.spi.NoMatchingFunctionException;

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

    /** Maps the Dispatcher's typed failures; anything else is a host failure. */
    public static HttpProblem of(Throwable failure) {
        if (failure instanceof InvalidEventException e) {
            return of(400, "invalid-event", "Invalid CloudEvent", e.getMessage()).with("attribute",
                    e.attribute().orElse(null));
        }
        if (failure instanceof NoMatchingFunctionException e) {
            return of(404, "no-matching-function", "No function matches the event", e.getMessage());
        }
        if (failure instanceof FunctionFailedException e && e.getCause() instanceof NotFoundException missing) {
            return of(404, "not-found", "Not found", missing.getMessage()).with("function", e.function());
        }
        if (failure instanceof FunctionFailedException e) {
            return e.retryable()
                    ? of(500, "function-failed", "The function failed", e.getMessage()).with("function", e.function())
                    : of(422, "event-rejected", "The function rejected the event", e.getMessage()).with("function",
                            e.function());
        }
        if (failure instanceof DispatchException e) {
            return of(500, "host-failure", "The host failed", e.getMessage());
        }
        return of(500, "host-failure", "The host failed", String.valueOf(failure));
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
