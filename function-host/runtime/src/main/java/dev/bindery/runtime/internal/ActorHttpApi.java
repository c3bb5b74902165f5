package dev.bindery.runtime.internal;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import dev.bindery.actors.ActorContext;
import dev.bindery.actors.ActorStateLimitException;
import dev.bindery.internal.actors.ActorAddress;
import dev.bindery.internal.actors.ActorKeys;
import dev.bindery.internal.actors.ActorRuntime;
import dev.bindery.internal.actors.ActorType;
import dev.bindery.runtime.BinderyConfig;
import dev.bindery.runtime.internal.DaprActorRequests.Invalid;
import dev.bindery.runtime.internal.DaprActorRequests.Reply;
import dev.bindery.spi.dispatch.Credentials;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.Dispatcher;
import dev.bindery.spi.dispatch.Outcome;
import dev.bindery.spi.support.EventIds;
import dev.bindery.spi.support.HttpExchange;
import dev.bindery.spi.support.HttpExchange.Answer;
import dev.bindery.spi.support.HttpProblem;
import dev.bindery.spi.support.MediaTypes;

/**
 * Dapr's actor HTTP API on the main router, {@code /v1.0/actors/<type>/<id>/…}, so Dapr clients call Bindery's actors:
 * {@code method/<method>} dispatches an event naming the actor through the pipeline (the security stage, the actor's
 * turn, wherever in the cluster it is owned); {@code state}, {@code timers/<name>} and {@code reminders/<name>} run on a
 * turn of the actor ({@link ActorRuntime#withActor}) after the caller was admitted as the security stage would admit a
 * call to one of the type's methods. When another member owns the actor, those requests are proxied to it with this
 * application's credentials, one hop at most. Errors are {@code application/problem+json}.
 */
@Singleton
public class ActorHttpApi {

    /** Marks a request proxied from another member: it is not proxied again. */
    static final String HOP = "bindery-actor-hop";
    /** Dapr's reentrancy header: the call chain. */
    static final String REENTRANCY_ID = "Dapr-Reentrancy-Id";
    private static final Logger LOG = Logger.getLogger(ActorHttpApi.class);
    private static final String BASE = "/v1.0/actors/";
    private static final URI SOURCE = URI.create("/v1.0/actors");

    private final ActorRuntime runtime;
    private final Dispatcher dispatcher;
    private final HttpExchange exchange;
    private final DaprActorRequests requests;
    private final HostSecurity security;
    private final HttpInvoker http;
    private final HostWorkers workers;
    private final Draining draining;
    private final BinderyConfig config;

    ActorHttpApi(HostActors actors, Dispatcher dispatcher, ObjectMapper mapper, HostSecurity security,
            HttpInvoker http, HostWorkers workers, Draining draining, BinderyConfig config) {
        this.runtime = actors.runtime();
        this.dispatcher = dispatcher;
        this.exchange = new HttpExchange(dispatcher, mapper, DispatchRequest.HTTP);
        this.requests = new DaprActorRequests(mapper);
        this.security = security;
        this.http = http;
        this.workers = workers;
        this.draining = draining;
        this.config = config;
    }

    void register(@Observes Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(config.http().maxBodySize().asLongValue());
        String actor = BASE + ":type/:id/";
        router.route(BASE + "*").order(-10).handler(this::refuseWhileDraining);
        router.route(actor + "method/:method").handler(body).handler(this::call).failureHandler(this::failure);
        router.route(HttpMethod.POST, actor + "state").handler(body).handler(this::transaction)
                .failureHandler(this::failure);
        router.route(HttpMethod.PUT, actor + "state").handler(body).handler(this::transaction)
                .failureHandler(this::failure);
        router.route(HttpMethod.GET, actor + "state/:key").handler(ctx -> onTurn(ctx, type -> requests.getState(ctx
                .pathParam("key"))));
        router.route(HttpMethod.GET, actor + "reminders").handler(ctx -> onTurn(ctx, type -> requests.listReminders()));
        router.route(HttpMethod.GET, actor + "reminders/:name").handler(ctx -> onTurn(ctx, type -> requests.getReminder(ctx
                .pathParam("name"))));
        router.route(HttpMethod.DELETE, actor + "reminders/:name").handler(ctx -> onTurn(ctx, type -> requests
                .cancelReminder(ctx.pathParam("name"))));
        router.route(HttpMethod.DELETE, actor + "timers/:name").handler(ctx -> onTurn(ctx, type -> requests.cancelTimer(ctx
                .pathParam("name"))));
        for (HttpMethod method : List.of(HttpMethod.POST, HttpMethod.PUT)) {
            router.route(method, actor + "reminders/:name").handler(body).handler(ctx -> onTurn(ctx, type -> requests
                    .registerReminder(ctx.pathParam("name"), body(ctx), type.methods()))).failureHandler(this::failure);
            router.route(method, actor + "timers/:name").handler(body).handler(ctx -> onTurn(ctx, type -> requests
                    .registerTimer(ctx.pathParam("name"), body(ctx), type.methods()))).failureHandler(this::failure);
        }
        router.route(BASE + "*").last().handler(ctx -> write(ctx, problem(404, "no-route", "No route", "Nothing "
                + "answers " + ctx.request().method().name() + " " + ctx.request().path() + ": see the actor API's "
                + "paths in the README"))).failureHandler(this::failure);
    }

    private void refuseWhileDraining(RoutingContext ctx) {
        if (!draining.draining()) {
            ctx.next();
            return;
        }
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "1").putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        write(ctx, problem(503, "shutting-down", "Shutting down", "This instance is shutting down and takes no new "
                + "requests; send the request again"));
    }

    /** A method call: an event naming the actor, through the pipeline like any other. */
    private void call(RoutingContext ctx) {
        String type = ctx.pathParam("type");
        String method = ctx.pathParam("method");
        String function = ActorAddress.function(type, method);
        CloudEventBuilder event = CloudEventBuilder.v1().withId(EventIds.next()).withSource(SOURCE).withType(function)
                .withExtension(ActorAddress.TYPE, type).withExtension(ActorAddress.ID, ctx.pathParam("id"))
                .withExtension(ActorAddress.METHOD, method);
        String chain = ctx.request().getHeader(REENTRANCY_ID);
        if (chain != null && !chain.isBlank()) {
            event.withExtension(ActorAddress.CHAIN, chain);
        }
        String traceparent = ctx.request().getHeader("traceparent");
        if (traceparent != null) {
            event.withExtension("traceparent", traceparent);
        }
        byte[] data = body(ctx);
        if (data.length > 0) {
            String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
            event.withData(contentType == null ? MediaTypes.JSON : contentType, data);
        }
        CloudEvent sent = event.build();
        DispatchRequest request = new DispatchRequest(sent, new DispatchRequest.Function(function),
                DispatchRequest.HTTP, Credentials.fromHeaders(ctx.request()::getHeader));
        dispatcher.dispatch(request).whenComplete((outcome, failure) -> {
            if (failure != null) {
                write(ctx, exchange.hostFailure(ctx.request().method().name() + " " + ctx.request().path(), failure));
            } else if (outcome instanceof Outcome.Replied replied && replied.reply().getData() != null) {
                CloudEvent reply = replied.reply();
                write(ctx, new Answer(200, Map.of(), null, false, reply.getDataContentType() == null
                        ? MediaTypes.JSON
                        : reply.getDataContentType(), reply.getData().toBytes()));
            } else if (outcome.succeeded()) {
                write(ctx, new Answer(204, Map.of(), null, false, null, null));
            } else {
                write(ctx, exchange.problem(HttpProblem.of(outcome).with("eventId", sent.getId())));
            }
        });
    }

    private void transaction(RoutingContext ctx) {
        onTurn(ctx, type -> requests.stateTransaction(body(ctx)));
    }

    /**
     * Checks the actor and the caller, reads the request (on the event loop: it is in memory), then, on a worker (the
     * store may be read), proxies it to the actor's owner or runs it on a turn here.
     */
    private void onTurn(RoutingContext ctx, TurnWork work) {
        String typeName = ctx.pathParam("type");
        String id = ctx.pathParam("id");
        ActorType type = runtime.types().get(typeName);
        if (type == null) {
            write(ctx, problem(404, "unknown-actor-type", "Unknown actor type", "No actor type is named '" + typeName
                    + "'"));
            return;
        }
        String invalidId = ActorKeys.invalid("id", id);
        if (invalidId != null) {
            write(ctx, invalid("id", invalidId));
            return;
        }
        List<String> functions = type.methods().stream().map(m -> ActorAddress.function(typeName, m)).toList();
        Outcome.Denied denied = security.admitToActor(Credentials.fromHeaders(ctx.request()::getHeader), typeName,
                functions, DispatchRequest.HTTP);
        if (denied != null) {
            write(ctx, exchange.problem(HttpProblem.of(denied)));
            return;
        }
        Function<ActorContext, Reply> turn;
        try {
            turn = work.read(type);
        } catch (Invalid invalid) {
            write(ctx, exchange.problem(invalid.problem));
            return;
        }
        workers.execute(() -> {
            Optional<String> owner;
            try {
                owner = runtime.ownerUrl(typeName, id);
            } catch (RuntimeException e) {
                write(ctx, exchange.hostFailure(ctx.request().method().name() + " " + ctx.request().path(), e));
                return;
            }
            if (owner.isPresent()) {
                proxy(ctx, owner.get(), functions.isEmpty() ? typeName : functions.get(0));
                return;
            }
            runtime.withActor(typeName, id, turn).whenComplete((reply, failure) -> {
                if (failure == null) {
                    write(ctx, new Answer(reply.status(), Map.of(), null, false, reply.json() == null
                            ? null
                            : MediaTypes.JSON, reply.json()));
                } else {
                    write(ctx, failed(ctx, failure));
                }
            });
        });
    }

    /** What a turn threw, as the answer: the actor's own refusals are the caller's mistake, the rest the host's. */
    private Answer failed(RoutingContext ctx, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        if (cause instanceof Invalid invalid) {
            return exchange.problem(invalid.problem);
        }
        if (cause instanceof ActorStateLimitException limit) {
            return invalid("value", limit.getMessage());
        }
        if (cause instanceof IllegalStateException conflict && ctx.request().path().contains("/reminders/")) {
            return problem(409, "conflict", "Conflict", conflict.getMessage());
        }
        if (cause instanceof IllegalArgumentException invalid) {
            return invalid(null, invalid.getMessage());
        }
        return exchange.hostFailure(ctx.request().method().name() + " " + ctx.request().path(), cause);
    }

    /** Sends the request as it came to the member that owns the actor, presenting this application. */
    private void proxy(RoutingContext ctx, String ownerUrl, String function) {
        if (ctx.request().getHeader(HOP) != null) {
            write(ctx, problem(503, "actor-moved", "The actor moved", "The actor is owned by another member, which "
                    + "sent the request here; send it again"));
            return;
        }
        String base = ownerUrl.endsWith("/") ? ownerUrl.substring(0, ownerUrl.length() - 1) : ownerUrl;
        RequestOptions options = new RequestOptions().setMethod(ctx.request().method())
                .setAbsoluteURI(base + ctx.request().uri()).setTimeout(config.invocation().timeout().toMillis())
                .putHeader(HOP, "1");
        String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType != null) {
            options.putHeader(HttpHeaders.CONTENT_TYPE, contentType);
        }
        String traceparent = ctx.request().getHeader("traceparent");
        if (traceparent != null) {
            options.putHeader("traceparent", traceparent);
        }
        http.ownCredentials(function).forEach(options::putHeader);
        Buffer body = ctx.body().buffer();
        http.client().request(options)
                .compose(request -> request.send(body == null ? Buffer.buffer() : body))
                .compose(response -> response.body().map(answer -> new Answer(response.statusCode(), Map.of(), null,
                        false, response.getHeader(HttpHeaders.CONTENT_TYPE), answer.length() == 0
                                ? null
                                : answer.getBytes())))
                .onSuccess(answer -> write(ctx, answer))
                .onFailure(failure -> {
                    LOG.debugf("Proxying %s to the actor's owner %s failed: %s", ctx.request().path(), ownerUrl,
                            failure);
                    write(ctx, problem(503, "actor-owner-unreachable", "The actor's owner is unreachable", "The "
                            + "member that owns the actor did not answer; send the request again"));
                });
    }

    private void failure(RoutingContext ctx) {
        if (ctx.statusCode() == 413) {
            write(ctx, problem(413, "payload-too-large", "Payload too large", "The request body is larger than "
                    + "bindery.http.max-body-size (" + config.http().maxBodySize().asLongValue() + " bytes)"));
        } else if (ctx.failure() == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            write(ctx, problem(ctx.statusCode(), "http-" + ctx.statusCode(), "The request was refused", "The request "
                    + "was refused with status " + ctx.statusCode()));
        } else {
            write(ctx, exchange.hostFailure(ctx.request().method().name() + " " + ctx.request().path(), ctx
                    .failure()));
        }
    }

    private static byte[] body(RoutingContext ctx) {
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        return body == null ? new byte[0] : body.getBytes();
    }

    private Answer problem(int status, String slug, String title, String detail) {
        return exchange.problem(HttpProblem.of(status, slug, title, detail));
    }

    private Answer invalid(String field, String detail) {
        return exchange.problem(HttpProblem.of(400, "invalid-request", "Invalid actor API request", detail).with(
                "field", field));
    }

    private void write(RoutingContext ctx, Answer answer) {
        HttpCloudEventIngress.write(ctx.response(), answer);
    }

    /** Reads a request against its actor type: the work for the turn, or {@link Invalid}. */
    @FunctionalInterface
    private interface TurnWork {
        Function<ActorContext, Reply> read(ActorType type);
    }
}
