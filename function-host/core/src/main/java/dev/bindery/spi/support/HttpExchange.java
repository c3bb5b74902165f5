package dev.bindery.spi.support;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.jackson.JsonFormat;

import dev.bindery.spi.dispatch.Credentials;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.Dispatcher;
import dev.bindery.spi.dispatch.Outcome;

/**
 * The HTTP contract of the CloudEvents ingress, independent of the HTTP server: reads a request in binary, structured
 * or batch mode (or plain JSON on {@code <path><function>}), dispatches its events, and maps each outcome to a status
 * and an {@code application/problem+json} body. The Vert.x ingress and API Gateway events in Lambda both use it, so
 * they answer alike by construction. The server adapter supplies the CloudEvents SDK reader of its own protocol
 * binding and writes the {@link Answer}'s event with its writer.
 * <p>
 * Statuses (the Knative data-plane contract): 200 with the reply, 202 (204 for plain JSON) without one, 400 for a
 * malformed event or data, 401/403 denied, 404 no function or not found, 405 not POST, 422 rejected by the function,
 * 500 a failure (the host's only with a trace id). A batch answers 200 with the replies, or the status of its worst
 * failure with every failure listed.
 */
public final class HttpExchange {

    private static final System.Logger LOG = System.getLogger(HttpExchange.class.getName());
    /** Structured mode. */
    public static final String STRUCTURED = JsonFormat.CONTENT_TYPE;
    /** Batch mode. */
    public static final String BATCH = "application/cloudevents-batch+json";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final TypeReference<List<CloudEvent>> EVENT_LIST = new TypeReference<>() {
    };

    /** One HTTP request as the server received it. */
    public interface Request {

        /** @return the method, such as {@code POST} */
        String method();

        /** @return the request path */
        String path();

        /** @return the function named by the path ({@code <path><function>}), or null on the event path */
        String function();

        /** @return the header's value, the name matched case-insensitively; null when absent */
        String header(String name);

        /** @return true when some header's name starts with {@code ce-} (any case) */
        boolean hasCloudEventHeaders();

        /** @return the body, empty when none */
        byte[] body();

        /** @return the server's CloudEvents SDK reader of this request (binary or structured mode) */
        MessageReader reader();

        /**
         * @return the sender's credentials: by default read from the {@code Authorization}, {@code bindery-api-token}
         *         and {@code dapr-api-token} headers; a server that verified the caller itself (an API Gateway
         *         authorizer) answers with it
         */
        default Credentials credentials() {
            return Credentials.fromHeaders(this::header);
        }
    }

    /**
     * What to answer. A reply event is written by the server with its CloudEvents writer, in structured mode when
     * {@link #structured()}, else binary; otherwise the body is written as it is.
     */
    public record Answer(int status, Map<String, String> headers, CloudEvent event, boolean structured,
            String contentType, byte[] body) {

        static Answer empty(int status) {
            return new Answer(status, Map.of(), null, false, null, null);
        }

        static Answer event(CloudEvent event, boolean structured) {
            return new Answer(200, Map.of(), event, structured, null, null);
        }

        static Answer bytes(int status, String contentType, byte[] body) {
            return new Answer(status, Map.of(), null, false, contentType, body);
        }
    }

    /** The challenge of a 401 answer (RFC 6750). */
    static final String CHALLENGE = "Bearer realm=\"bindery\"";

    private final Dispatcher dispatcher;
    private final ObjectMapper json;
    private final ObjectMapper events;
    private final String transport;

    /**
     * @param json writes problem bodies
     * @param transport the name dispatches carry, such as {@link DispatchRequest#HTTP}
     */
    public HttpExchange(Dispatcher dispatcher, ObjectMapper json, String transport) {
        this.dispatcher = dispatcher;
        this.json = json;
        this.events = new ObjectMapper().registerModule(JsonFormat.getCloudEventJacksonModule());
        this.transport = transport;
    }

    /**
     * @return the answer; completes normally, never exceptionally: a failure of the exchange or of the server's adapter
     *         is answered as a {@linkplain #hostFailure host failure}
     */
    public CompletionStage<Answer> handle(Request request) {
        CompletionStage<Answer> answer;
        try {
            answer = answer(request);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(hostFailure(request.method() + " " + request.path(), e));
        }
        return answer.exceptionally(e -> hostFailure(request.method() + " " + request.path(), e));
    }

    /**
     * Form and multipart bodies are never CloudEvents: they are refused (415) before a server decodes them.
     *
     * @param contentType the request's content type, or null
     * @return true for {@code multipart/*} and {@code application/x-www-form-urlencoded}
     */
    public static boolean refusesContentType(String contentType) {
        return startsWith(contentType, "multipart/") || startsWith(contentType, FORM);
    }

    /** @return the 415 answer for a content type that {@link #refusesContentType} */
    public Answer unsupportedMediaType(String contentType) {
        return problem(HttpProblem.of(415, "unsupported-media-type", "Unsupported media type", "Content type '"
                + contentType + "' is not accepted: send a CloudEvent in binary, structured (" + STRUCTURED
                + ") or batch (" + BATCH + ") mode"));
    }

    /**
     * A failure of the host while handling a request (not of a function): the sender gets a generic problem with a
     * trace id; the failure is logged here, under that id, and never echoed.
     *
     * @param request what failed, for the log, such as {@code POST /orders}
     */
    public Answer hostFailure(String request, Throwable failure) {
        Outcome.HostFailure host = Outcome.HostFailure.of(null, "The HTTP exchange failed on " + request, failure,
                null);
        LOG.log(System.Logger.Level.ERROR, host.message() + " (trace id " + host.traceId() + ")", failure);
        return problem(HttpProblem.of(host));
    }

    private CompletionStage<Answer> answer(Request request) {
        if (!"POST".equalsIgnoreCase(request.method())) {
            Answer refused = problem(HttpProblem.of(405, "method-not-allowed", "Method not allowed",
                    "Events are delivered with POST; " + request.method() + " is not supported on " + request.path()));
            return CompletableFuture.completedFuture(new Answer(405, Map.of("allow", "POST"), null, false,
                    refused.contentType(), refused.body()));
        }
        String contentType = request.header("content-type");
        if (refusesContentType(contentType)) {
            return CompletableFuture.completedFuture(unsupportedMediaType(contentType));
        }
        if (startsWith(contentType, BATCH)) {
            return batch(request);
        }
        if (startsWith(contentType, "application/cloudevents") || request.hasCloudEventHeaders()) {
            return single(request, startsWith(contentType, STRUCTURED));
        }
        if (request.function() != null) {
            return plain(request, contentType);
        }
        return CompletableFuture.completedFuture(problem(HttpProblem.of(400, "not-a-cloudevent", "Not a CloudEvent",
                "The request carries no CloudEvent: send ce-specversion, ce-id, ce-source and ce-type headers (binary "
                        + "mode), a body of type " + STRUCTURED + " (structured mode) or " + BATCH + " (batch mode)")
                .with("attribute", "specversion")));
    }

    /**
     * @return the answer for a problem the server found itself (such as a body over its limit); a 401 carries the
     *         {@code WWW-Authenticate} challenge
     */
    public Answer problem(HttpProblem problem) {
        try {
            byte[] body = json.writeValueAsBytes(problem.body());
            if (problem.status() == 401) {
                return new Answer(401, Map.of("www-authenticate", CHALLENGE), null, false, HttpProblem.CONTENT_TYPE,
                        body);
            }
            return Answer.bytes(problem.status(), HttpProblem.CONTENT_TYPE, body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem body cannot be serialized", e);
        }
    }

    private CompletionStage<Answer> single(Request request, boolean structured) {
        CloudEvent event;
        try {
            event = request.reader().toEvent();
        } catch (RuntimeException e) {
            // the SDK reports a bad event as CloudEventRWException, EventDeserializationException or IllegalStateException
            if (!structured && request.header("ce-specversion") == null) {
                return CompletableFuture.completedFuture(problem(HttpProblem.of(400, "invalid-event",
                        "Invalid CloudEvent", "Binary-mode CloudEvent without the required ce-specversion header")
                        .with("attribute", "specversion")));
            }
            return CompletableFuture.completedFuture(problem(HttpProblem.malformed(e)));
        }
        CloudEvent received = structured ? event : withTraceContext(event, request);
        return dispatch(request, received).thenApply(outcome -> {
            if (outcome instanceof Outcome.Replied replied) {
                return Answer.event(replied.reply(), structured);
            }
            return outcome.succeeded() ? Answer.empty(202) : problem(failed(outcome, received));
        });
    }

    /**
     * A binary-mode delivery carries the W3C trace context as plain {@code traceparent}/{@code tracestate} headers (as
     * Knative's Broker sends them); they become the CloudEvents distributed-tracing extension, so what the function
     * publishes continues the trace. An extension the event already has wins.
     */
    private static CloudEvent withTraceContext(CloudEvent event, Request request) {
        String traceparent = request.header("traceparent");
        if (traceparent == null || event.getExtension("traceparent") != null) {
            return event;
        }
        CloudEventBuilder builder = CloudEventBuilder.from(event).withExtension("traceparent", traceparent);
        String tracestate = request.header("tracestate");
        if (tracestate != null) {
            builder.withExtension("tracestate", tracestate);
        }
        return builder.build();
    }

    private CompletionStage<Answer> batch(Request request) {
        List<CloudEvent> batch;
        try {
            byte[] body = request.body();
            batch = body.length == 0 ? List.of() : events.readValue(body, EVENT_LIST);
            if (batch == null || batch.contains(null)) {
                throw new IllegalArgumentException("null where an array of events or an event belongs");
            }
        } catch (IOException | RuntimeException e) {
            String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            return CompletableFuture.completedFuture(problem(HttpProblem.of(400, "invalid-event",
                    "Invalid CloudEvents batch", "The batch is not a JSON array of valid CloudEvents: " + detail)));
        }
        List<CompletableFuture<Outcome>> results = new ArrayList<>(batch.size());
        for (CloudEvent event : batch) {
            results.add(dispatch(request, event).toCompletableFuture());
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            List<CloudEvent> replies = new ArrayList<>();
            List<Map<String, Object>> errors = new ArrayList<>();
            HttpProblem worst = null;
            for (int i = 0; i < results.size(); i++) {
                Outcome outcome = results.get(i).join();
                if (outcome instanceof Outcome.Replied replied) {
                    replies.add(replied.reply());
                } else if (!outcome.succeeded()) {
                    HttpProblem problem = failed(outcome, batch.get(i));
                    Map<String, Object> error = new LinkedHashMap<>();
                    error.put("index", i);
                    error.put("id", batch.get(i).getId());
                    error.put("status", problem.status());
                    error.put("detail", problem.detail());
                    errors.add(error);
                    worst = worst == null || severity(problem.status()) > severity(worst.status()) ? problem : worst;
                }
            }
            if (worst != null) {
                return problem(HttpProblem.of(worst.status(), worst.slug(), "Some events of the batch failed",
                        errors.size() + " of " + batch.size() + " events failed; the batch may be delivered again")
                        .with("errors", errors));
            }
            if (replies.isEmpty()) {
                return Answer.empty(202);
            }
            try {
                return Answer.bytes(200, BATCH, events.writeValueAsBytes(replies));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Replies cannot be serialized as a batch", e);
            }
        });
    }

    /** Orders batch failures: the answer takes the status most likely to get the batch retried. */
    private static int severity(int status) {
        return status >= 500 ? 5 : status == 404 ? 4 : status == 422 ? 3 : status == 403 || status == 401 ? 2 : 1;
    }

    private CompletionStage<Answer> plain(Request request, String contentType) {
        String function = request.function();
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(EventIds.next())
                .withSource(sourceOf(request.path()))
                .withType(function);
        byte[] body = request.body();
        if (body.length > 0) {
            builder.withData(contentType == null ? MediaTypes.JSON : contentType, body);
        }
        CloudEvent event = builder.build();
        return dispatch(request, event).thenApply(outcome -> {
            if (outcome instanceof Outcome.Replied replied && replied.reply().getData() != null) {
                CloudEvent out = replied.reply();
                return Answer.bytes(200, out.getDataContentType() == null ? MediaTypes.JSON : out.getDataContentType(),
                        out.getData().toBytes());
            }
            return outcome.succeeded() ? Answer.empty(204) : problem(failed(outcome, event));
        });
    }

    /** @return the path as the plain call's source; characters a URI cannot hold are percent-encoded */
    private static URI sourceOf(String path) {
        try {
            return URI.create(path);
        } catch (IllegalArgumentException notAUri) {
            try {
                return new URI(null, null, path.startsWith("/") ? path : "/" + path, null);
            } catch (URISyntaxException stillNot) {
                throw new IllegalArgumentException("Path " + path + " is not a URI path", stillNot);
            }
        }
    }

    private CompletionStage<Outcome> dispatch(Request request, CloudEvent event) {
        String function = request.function();
        DispatchRequest dispatch = function == null
                ? DispatchRequest.routed(event, transport)
                : DispatchRequest.to(function, event, transport);
        return dispatcher.dispatch(dispatch.withCredentials(request.credentials()));
    }

    private static HttpProblem failed(Outcome outcome, CloudEvent event) {
        HttpProblem problem = HttpProblem.of(outcome).with("eventId", event.getId());
        if (problem.status() >= 500) {
            LOG.log(System.Logger.Level.WARNING, "Event " + event.getId() + " (type " + event.getType() + ") failed "
                    + "with " + problem.status() + ": " + outcome.reason().orElse("") + traceOf(outcome),
                    outcome.failure().orElse(null));
        } else {
            LOG.log(System.Logger.Level.DEBUG, "Event " + event.getId() + " (type " + event.getType() + ") answered "
                    + problem.status() + ": " + problem.detail());
        }
        return problem;
    }

    private static String traceOf(Outcome outcome) {
        return outcome instanceof Outcome.HostFailure host ? " (trace id " + host.traceId() + ")" : "";
    }

    private static boolean startsWith(String contentType, String prefix) {
        return contentType != null && contentType.regionMatches(true, 0, prefix, 0, prefix.length());
    }
}
