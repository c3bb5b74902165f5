package dev.bindery.runtime.internal;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.http.vertx.VertxMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import dev.bindery.internal.http.HttpProblem;
import dev.bindery.internal.invoke.EventIds;
import dev.bindery.internal.invoke.MediaTypes;
import dev.bindery.runtime.BinderyConfig;
import dev.bindery.spi.DispatchException;
import dev.bindery.spi.Dispatcher;
import dev.bindery.spi.Reply;

/**
 * CloudEvents over HTTP POST, on Quarkus' Vert.x router: binary, structured and batch modes on the event path, plus
 * plain JSON on {@code <path><function>}. Reads and writes events with the CloudEvents SDK; answers errors as
 * {@code application/problem+json} (see {@link HttpProblem}). Runs on the event loop; the Dispatcher moves blocking
 * functions to workers.
 */
@Singleton
public class HttpCloudEventIngress {

    private static final Logger LOG = Logger.getLogger(HttpCloudEventIngress.class);
    private static final String STRUCTURED = JsonFormat.CONTENT_TYPE;
    private static final String BATCH = "application/cloudevents-batch+json";
    private static final TypeReference<List<CloudEvent>> EVENT_LIST = new TypeReference<>() {
    };

    private enum Mode {
        BINARY, STRUCTURED
    }

    private final Dispatcher dispatcher;
    private final ObjectMapper json;
    private final ObjectMapper events;
    private final BinderyConfig config;

    public HttpCloudEventIngress(Dispatcher dispatcher, ObjectMapper json, BinderyConfig config) {
        this.dispatcher = dispatcher;
        this.json = json;
        this.events = new ObjectMapper().registerModule(JsonFormat.getCloudEventJacksonModule());
        this.config = config;
    }

    void register(@Observes Router router) {
        String path = config.http().path();
        String base = path.endsWith("/") ? path : path + "/";
        BodyHandler body = BodyHandler.create(false).setBodyLimit(config.http().maxBodySize().asLongValue());
        for (String route : List.of(path, base + ":function")) {
            router.route(route).method(HttpMethod.POST)
                    .handler(body)
                    .handler(this::handle)
                    .failureHandler(this::failure);
            router.route(route).handler(this::methodNotAllowed);
        }
    }

    private void methodNotAllowed(RoutingContext ctx) {
        ctx.response().putHeader(HttpHeaders.ALLOW, "POST");
        problem(ctx.response(), HttpProblem.of(405, "method-not-allowed", "Method not allowed",
                "Events are delivered with POST; " + ctx.request().method() + " is not supported on "
                        + ctx.request().path()));
    }

    private void failure(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (status == 413) {
            problem(ctx.response(), HttpProblem.of(413, "payload-too-large", "Payload too large",
                    "The request body is larger than bindery.http.max-body-size ("
                            + config.http().maxBodySize().asLongValue() + " bytes)"));
            return;
        }
        if (ctx.failure() == null) {
            // a handler before ours (the body handler) refused the request with a status of its own
            problem(ctx.response(), HttpProblem.of(status < 400 ? 500 : status, "http-" + status,
                    "The request was refused", "The request was refused with status " + status));
            return;
        }
        LOG.error("The HTTP ingress failed on " + ctx.request().path(), ctx.failure());
        problem(ctx.response(), HttpProblem.of(ctx.failure()));
    }

    private void handle(RoutingContext ctx) {
        MultiMap headers = ctx.request().headers();
        String function = ctx.pathParam("function");
        Buffer body = ctx.body().buffer();
        String contentType = headers.get(HttpHeaders.CONTENT_TYPE);
        if (startsWith(contentType, BATCH)) {
            batch(ctx, function, body);
        } else if (startsWith(contentType, "application/cloudevents") || hasCloudEventHeaders(headers)) {
            single(ctx, function, headers, body, startsWith(contentType, STRUCTURED) ? Mode.STRUCTURED : Mode.BINARY);
        } else if (function != null) {
            plain(ctx, function, contentType, body);
        } else {
            problem(ctx.response(), HttpProblem.of(400, "not-a-cloudevent", "Not a CloudEvent",
                    "The request carries no CloudEvent: send ce-specversion, ce-id, ce-source and ce-type headers"
                            + " (binary mode), a body of type " + STRUCTURED + " (structured mode) or " + BATCH
                            + " (batch mode)")
                    .with("attribute", "specversion"));
        }
    }

    /**
     * A binary-mode delivery carries the W3C trace context as plain {@code traceparent}/{@code tracestate} headers (as
     * Knative's Broker sends them); they become the CloudEvents distributed-tracing extension, so what the function
     * publishes continues the trace. An extension the event already has wins.
     */
    private static CloudEvent withTraceContext(CloudEvent event, MultiMap headers) {
        String traceparent = headers.get("traceparent");
        if (traceparent == null || event.getExtension("traceparent") != null) {
            return event;
        }
        CloudEventBuilder builder = CloudEventBuilder.from(event).withExtension("traceparent", traceparent);
        String tracestate = headers.get("tracestate");
        if (tracestate != null) {
            builder.withExtension("tracestate", tracestate);
        }
        return builder.build();
    }

    private void single(RoutingContext ctx, String function, MultiMap headers, Buffer body, Mode mode) {
        CloudEvent event;
        try {
            event = VertxMessageFactory.createReader(headers, body == null ? Buffer.buffer() : body).toEvent();
        } catch (RuntimeException e) {
            // the SDK reports a bad event as CloudEventRWException, EventDeserializationException or IllegalStateException
            if (!headers.contains("ce-specversion") && mode == Mode.BINARY) {
                problem(ctx.response(), HttpProblem.of(400, "invalid-event", "Invalid CloudEvent",
                        "Binary-mode CloudEvent without the required ce-specversion header").with("attribute",
                                "specversion"));
            } else {
                problem(ctx.response(), HttpProblem.malformed(e));
            }
            return;
        }
        event = withTraceContext(event, headers);
        CloudEvent received = event;
        dispatch(function, received).whenComplete((reply, failure) -> {
            HttpServerResponse response = ctx.response();
            if (failure != null) {
                problem(response, failed(failure, received));
            } else if (reply.event().isEmpty()) {
                response.setStatusCode(202).end();
            } else if (mode == Mode.STRUCTURED) {
                response.setStatusCode(200);
                VertxMessageFactory.createWriter(response).writeStructured(reply.event().get(), STRUCTURED);
            } else {
                response.setStatusCode(200);
                VertxMessageFactory.createWriter(response).writeBinary(reply.event().get());
            }
        });
    }

    private void batch(RoutingContext ctx, String function, Buffer body) {
        List<CloudEvent> batch;
        try {
            batch = body == null ? List.of() : events.readValue(body.getBytes(), EVENT_LIST);
        } catch (IOException | RuntimeException e) {
            String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            problem(ctx.response(), HttpProblem.of(400, "invalid-event", "Invalid CloudEvents batch",
                    "The batch is not a JSON array of valid CloudEvents: " + detail));
            return;
        }
        List<CompletableFuture<Reply>> results = new ArrayList<>(batch.size());
        for (CloudEvent event : batch) {
            results.add(dispatch(function, event).toCompletableFuture());
        }
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).whenComplete((ignored, any) -> {
            List<CloudEvent> replies = new ArrayList<>();
            List<Map<String, Object>> errors = new ArrayList<>();
            HttpProblem worst = null;
            for (int i = 0; i < results.size(); i++) {
                CompletableFuture<Reply> result = results.get(i);
                if (result.isCompletedExceptionally()) {
                    HttpProblem problem = failed(result.handle((r, f) -> f).join(), batch.get(i));
                    errors.add(Map.of("index", i, "id", batch.get(i).getId(), "status", problem.status(), "detail",
                            problem.detail()));
                    worst = worst == null || severity(problem.status()) > severity(worst.status()) ? problem : worst;
                } else {
                    result.join().event().ifPresent(replies::add);
                }
            }
            HttpServerResponse response = ctx.response();
            if (worst != null) {
                problem(response, HttpProblem.of(worst.status(), worst.slug(), "Some events of the batch failed",
                        errors.size() + " of " + batch.size() + " events failed; the batch may be delivered again")
                        .with("errors", errors));
            } else if (replies.isEmpty()) {
                response.setStatusCode(202).end();
            } else {
                write(response, 200, BATCH, replies);
            }
        });
    }

    /** Orders batch failures: the answer takes the status most likely to get the batch retried. */
    private static int severity(int status) {
        return status >= 500 ? 4 : status == 404 ? 3 : status == 422 ? 2 : 1;
    }

    private void plain(RoutingContext ctx, String function, String contentType, Buffer body) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(EventIds.next())
                .withSource(URI.create(ctx.request().path()))
                .withType(function);
        if (body != null && body.length() > 0) {
            builder.withData(contentType == null ? MediaTypes.JSON : contentType, body.getBytes());
        }
        CloudEvent event = builder.build();
        dispatcher.dispatchTo(function, event).whenComplete((reply, failure) -> {
            HttpServerResponse response = ctx.response();
            if (failure != null) {
                problem(response, failed(failure, event));
            } else if (reply.event().isEmpty() || reply.event().get().getData() == null) {
                response.setStatusCode(204).end();
            } else {
                CloudEvent out = reply.event().get();
                response.setStatusCode(200)
                        .putHeader(HttpHeaders.CONTENT_TYPE,
                                out.getDataContentType() == null ? MediaTypes.JSON : out.getDataContentType())
                        .end(Buffer.buffer(out.getData().toBytes()));
            }
        });
    }

    private CompletionStage<Reply> dispatch(String function, CloudEvent event) {
        return function == null ? dispatcher.dispatch(event) : dispatcher.dispatchTo(function, event);
    }

    private static HttpProblem failed(Throwable failure, CloudEvent event) {
        Throwable cause = failure;
        while (!(cause instanceof DispatchException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        HttpProblem problem = HttpProblem.of(cause).with("eventId", event.getId());
        if (problem.status() >= 500) {
            LOG.warnf(cause, "Event %s (type %s) failed with %d: %s", event.getId(), event.getType(), problem.status(),
                    problem.detail());
        } else {
            LOG.debugf("Event %s (type %s) answered %d: %s", event.getId(), event.getType(), problem.status(),
                    problem.detail());
        }
        return problem;
    }

    private void problem(HttpServerResponse response, HttpProblem problem) {
        write(response, problem.status(), HttpProblem.CONTENT_TYPE, problem.body());
    }

    private void write(HttpServerResponse response, int status, String contentType, Object body) {
        if (response.ended()) {
            return;
        }
        Buffer bytes;
        try {
            bytes = Buffer.buffer(body instanceof List<?> ? events.writeValueAsBytes(body) : json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            LOG.error("Cannot serialize an HTTP answer", e);
            response.setStatusCode(500).end();
            return;
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, contentType).end(bytes);
    }

    private static boolean startsWith(String contentType, String prefix) {
        return contentType != null && contentType.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static boolean hasCloudEventHeaders(MultiMap headers) {
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().regionMatches(true, 0, "ce-", 0, 3)) {
                return true;
            }
        }
        return false;
    }
}
