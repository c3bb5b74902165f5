package dev.bindery.runtime.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.http.vertx.VertxMessageFactory;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import dev.bindery.internal.admin.RecentEvent;
import dev.bindery.internal.admin.RecentEvents;
import dev.bindery.internal.security.AccessPolicy;
import dev.bindery.internal.security.Authentication;
import dev.bindery.runtime.AdminConfig;
import dev.bindery.runtime.BinderyConfig;
import dev.bindery.spi.dispatch.Credentials;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.Dispatcher;
import dev.bindery.spi.support.EventIds;
import dev.bindery.spi.support.HttpExchange;
import dev.bindery.spi.support.HttpExchange.Answer;
import dev.bindery.spi.support.HttpProblem;
import dev.bindery.spi.support.MediaTypes;
import dev.bindery.state.ETagMismatchException;
import dev.bindery.state.InvalidStateRequestException;
import dev.bindery.state.SaveOptions;
import dev.bindery.state.StateItem;
import dev.bindery.state.StateStore;

/**
 * The host admin endpoints, {@code <non-application root>/bindery/…} (on the management interface when it is enabled,
 * like health and metrics): the {@link HostInventory}, the {@link RecentEvents} (also as Server-Sent Events), and the
 * development actions (publish to a topic, read and write state). Mounted only when {@code bindery.admin.enabled}; with
 * security on, every request needs a credential of the caller named by {@code bindery.admin.role}. Errors are
 * {@code application/problem+json}; a failure of the host is logged and answered with its trace id only.
 */
@Singleton
public class AdminEndpoints {

    private static final Logger LOG = Logger.getLogger(AdminEndpoints.class);
    private static final String JSON = "application/json";

    private final BinderyConfig config;
    private final AdminConfig admin;
    private final HostInventory inventory;
    private final RecentEvents events;
    private final HostSecurity security;
    private final PubSubComponents pubsub;
    private final StateStores stores;
    private final ObjectMapper mapper;
    private final HttpExchange exchange;
    private final Vertx vertx;

    AdminEndpoints(BinderyConfig config, HostInventory inventory, RecentEvents events, HostSecurity security,
            PubSubComponents pubsub, StateStores stores, ObjectMapper mapper, Dispatcher dispatcher, Vertx vertx) {
        this.config = config;
        this.admin = config.admin();
        this.inventory = inventory;
        this.events = events;
        this.security = security;
        this.pubsub = pubsub;
        this.stores = stores;
        this.mapper = mapper;
        this.exchange = new HttpExchange(dispatcher, mapper, DispatchRequest.HTTP);
        this.vertx = vertx;
    }

    /** On the main router, unless the management interface serves the non-application endpoints. */
    void onMainRouter(@Observes Router router) {
        if (admin.on() && !managementInterface()) {
            mount(router, HttpCloudEventIngress.nonApplicationRoot() + "bindery");
        }
    }

    void onManagementInterface(@Observes ManagementInterface management) {
        if (admin.on()) {
            String root = ConfigProvider.getConfig().getOptionalValue("quarkus.management.root-path", String.class)
                    .orElse("/q");
            mount(management.router(), (root.endsWith("/") ? root : root + "/") + "bindery");
        }
    }

    private static boolean managementInterface() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.management.enabled", Boolean.class).orElse(false);
    }

    private void mount(Router parent, String base) {
        Router router = Router.router(vertx);
        // the console's page, script and style hold no data: served before the credential check, so a browser can
        // open the page and send the token the user types with each of the page's requests
        CONSOLE.forEach((path, file) -> router.get(path).handler(ctx -> console(ctx, file)));
        router.route().handler(this::authorize);
        router.get("/functions").handler(ctx -> json(ctx, 200, inventory.functions()));
        router.get("/bindings").handler(ctx -> json(ctx, 200, inventory.bindings()));
        router.get("/subscriptions").handler(ctx -> json(ctx, 200, inventory.subscriptions()));
        router.get("/stores").handler(ctx -> json(ctx, 200, inventory.stores()));
        router.get("/events").handler(this::recentEvents);
        router.get("/events/stream").handler(this::stream);
        if (admin.actionsOn()) {
            BodyHandler body = BodyHandler.create(false).setBodyLimit(config.http().maxBodySize().asLongValue());
            router.post("/publish/:pubsub/:topic").handler(body).blockingHandler(this::publish, false);
            router.get("/state/:store/:key").blockingHandler(this::getState, false);
            router.put("/state/:store/:key").handler(body).blockingHandler(this::saveState, false);
            router.delete("/state/:store/:key").blockingHandler(this::deleteState, false);
            router.post("/invoke/:function").handler(body).handler(this::invoke);
        }
        router.route().last().handler(ctx -> problem(ctx, 404, "no-route", "No route", "Nothing answers "
                + ctx.request().method().name() + " " + ctx.request().path()
                + (admin.actionsOn() ? "" : " (the development actions are off: bindery.admin.actions.enabled)")));
        router.route().failureHandler(this::failure);
        parent.route(base + "/*").subRouter(router);
        LOG.infof("Host admin endpoints at %s/ (development actions %s)", base, admin.actionsOn() ? "on" : "off");
    }

    /**
     * With security on: the credential verified as the security stage does, and the caller named by
     * {@code bindery.admin.role}. A 403 names neither the role nor the caller.
     */
    private void authorize(RoutingContext ctx) {
        if (!config.security().enabled()) {
            ctx.next();
            return;
        }
        Authentication verified = ctx.get(HttpCloudEventIngress.VERIFIED);
        if (verified == null) {
            verified = security.verify(Credentials.fromHeaders(ctx.request()::getHeader));
        }
        if (verified instanceof Authentication.Refused refused) {
            problem(ctx, 401, "unauthenticated", "Unauthenticated", refused.reason());
        } else if (verified instanceof Authentication.Accepted accepted
                && AccessPolicy.names(admin.role(), accepted.caller())) {
            ctx.next();
        } else {
            LOG.infof("Denied %s %s to %s: not the admin role (bindery.admin.role)", ctx.request().method().name(),
                    ctx.request().path(), verified instanceof Authentication.Accepted accepted
                            ? accepted.caller().authId()
                            : "an unrecognised caller");
            problem(ctx, 403, "forbidden", "Forbidden", "The caller is not allowed to do this");
        }
    }

    /** {@code ?limit=N} (default: all kept), newest first. */
    private void recentEvents(RoutingContext ctx) {
        String limit = ctx.request().getParam("limit");
        int count = events.capacity();
        if (limit != null) {
            try {
                count = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                count = 0;
            }
            if (count < 1) {
                problem(ctx, 400, "invalid-request", "Invalid request", "The query parameter 'limit' must be a "
                        + "positive integer, not '" + limit + "'");
                return;
            }
        }
        json(ctx, 200, events.newestFirst(count));
    }

    /**
     * Server-Sent Events: one {@code data:} line (the event's JSON) per invocation from now on, its {@code id:} the
     * event's {@code seq}; a comment every 15 s keeps proxies from closing an idle stream.
     */
    private void stream(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        response.setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache").write(": bindery recent events\n\n");
        Context context = ctx.vertx().getOrCreateContext();
        Runnable unsubscribe = events.subscribe(event -> context.runOnContext(ignored -> {
            if (!response.closed() && !response.ended() && !response.writeQueueFull()) {
                response.write("id: " + event.seq() + "\ndata: " + text(event) + "\n\n");
            }
        }));
        long keepAlive = ctx.vertx().setPeriodic(15_000, id -> {
            if (!response.closed() && !response.ended()) {
                response.write(": keep-alive\n\n");
            }
        });
        response.closeHandler(closed -> {
            unsubscribe.run();
            ctx.vertx().cancelTimer(keepAlive);
        });
    }

    private String text(RecentEvent event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A recent event cannot be serialized", e);
        }
    }

    /**
     * Publishes the body as the data of a new event through the component's broker: its {@code Content-Type} is the
     * event's {@code datacontenttype} (JSON when absent, checked), {@code ce-type}, {@code ce-source} and
     * {@code ce-subject} (headers or query parameters) its attributes. 202 with the event's id.
     */
    private void publish(RoutingContext ctx) {
        String component = ctx.pathParam("pubsub");
        String topic = ctx.pathParam("topic");
        if (!inventory.pubsubComponents().contains(component)) {
            problem(ctx, 404, "unknown-pubsub", "Unknown pub/sub component", "No pub/sub component is named '"
                    + component + "'; known: " + inventory.pubsubComponents());
            return;
        }
        String contentType = Optional.ofNullable(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE)).orElse(JSON);
        byte[] body = body(ctx);
        if (MediaTypes.isJson(contentType) && readJson(ctx, body) == null) {
            return;
        }
        String source = attribute(ctx, "source");
        URI sourceUri;
        try {
            sourceUri = new URI(source == null ? config.appId() : source);
        } catch (URISyntaxException e) {
            problem(ctx, 400, "invalid-attribute", "Invalid attribute", "ce-source is not a URI reference: "
                    + e.getReason());
            return;
        }
        CloudEventBuilder builder = CloudEventBuilder.v1().withId(EventIds.next()).withSource(sourceUri)
                .withType(Optional.ofNullable(attribute(ctx, "type")).orElse(topic + ".published"))
                .withTime(OffsetDateTime.now(ZoneOffset.UTC)).withData(contentType, body);
        Optional.ofNullable(attribute(ctx, "subject")).ifPresent(builder::withSubject);
        CloudEvent event = builder.build();
        try {
            pubsub.broker(component).send(topic, null, event, false, Map.of()).toCompletableFuture()
                    .get(config.pubsub().get(component).publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ctx.fail(e);
            return;
        } catch (Exception e) {
            ctx.fail(e);
            return;
        }
        ctx.response().putHeader("ce-id", event.getId());
        json(ctx, 202, Map.of("id", event.getId(), "pubsub", component, "topic", topic, "type", event.getType()));
    }

    /**
     * Invokes a function with the body as the data of a new event, through the pipeline as an HTTP delivery to the
     * function's path: {@code ce-type} defaults to the function's name, {@code ce-source} to {@code /bindery/admin},
     * {@code ce-id} is new; the caller's credential is the event's. Answers as the ingress does (the reply event in
     * binary mode, 202, or a problem).
     */
    private void invoke(RoutingContext ctx) {
        String function = ctx.pathParam("function");
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(ctx.request().headers());
        for (String name : new String[]{"type", "source", "subject"}) {
            String query = ctx.request().getParam("ce-" + name);
            if (query != null && !headers.contains("ce-" + name)) {
                headers.set("ce-" + name, query);
            }
        }
        headers.set("ce-specversion", "1.0");
        headers.set("ce-id", EventIds.next());
        if (!headers.contains("ce-type")) {
            headers.set("ce-type", function);
        }
        if (!headers.contains("ce-source")) {
            headers.set("ce-source", "/bindery/admin");
        }
        if (!headers.contains(HttpHeaders.CONTENT_TYPE)) {
            headers.set(HttpHeaders.CONTENT_TYPE, JSON);
        }
        exchange.handle(new Invocation(ctx, function, headers)).thenAccept(answer -> write(ctx, answer));
    }

    /** The admin invocation as the exchange reads a request to a function's path. */
    private record Invocation(RoutingContext ctx, String function, MultiMap headers) implements HttpExchange.Request {

        @Override
        public String method() {
            return "POST";
        }

        @Override
        public String path() {
            return ctx.request().path();
        }

        @Override
        public String header(String name) {
            return headers.get(name);
        }

        @Override
        public boolean hasCloudEventHeaders() {
            return true;
        }

        @Override
        public byte[] body() {
            return AdminEndpoints.body(ctx);
        }

        @Override
        public MessageReader reader() {
            return VertxMessageFactory.createReader(headers, Buffer.buffer(body()));
        }
    }

    /** The console's files, by path. */
    private static final Map<String, String> CONSOLE = Map.of("/console", "index.html", "/console/console.js",
            "console.js", "/console/console.css", "console.css");

    /** The console's files as read from the host's jar, once each (not on every request, on the event loop). */
    private static final Map<String, byte[]> CONSOLE_FILES = new java.util.concurrent.ConcurrentHashMap<>();

    private void console(RoutingContext ctx, String file) {
        byte[] bytes;
        try {
            bytes = CONSOLE_FILES.computeIfAbsent(file, AdminEndpoints::consoleFile);
        } catch (IllegalStateException e) {
            ctx.fail(e);
            return;
        }
        String type = file.endsWith(".html")
                ? "text/html; charset=utf-8"
                : file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, type).putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache").end(Buffer.buffer(bytes));
    }

    private static byte[] consoleFile(String file) {
        try (java.io.InputStream in = AdminEndpoints.class.getResourceAsStream("/dev/bindery/console/" + file)) {
            if (in == null) {
                throw new IllegalStateException("The console's file " + file + " is missing from the host's jar");
            }
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("The console's file " + file + " cannot be read from the host's jar", e);
        }
    }

    /** @return the {@code ce-<name>} header, else the query parameter, else null */
    private static String attribute(RoutingContext ctx, String name) {
        String header = ctx.request().getHeader("ce-" + name);
        return header != null ? header : ctx.request().getParam("ce-" + name);
    }

    /** The stored value as JSON, its ETag in the {@code ETag} header; 404 when absent. */
    private void getState(RoutingContext ctx) {
        store(ctx).ifPresent(store -> {
            String key = key(ctx);
            Optional<StateItem> item = stateCall(ctx, () -> store.get(key));
            if (item == null) {
                return;
            }
            if (item.isEmpty()) {
                problem(ctx, 404, "no-such-key", "No such key", "State store '" + store.name() + "' has no key '"
                        + key + "'");
                return;
            }
            ctx.response().setStatusCode(200).putHeader(HttpHeaders.ETAG, item.get().etag())
                    .putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(Buffer.buffer(item.get().bytes()));
        });
    }

    /** Saves the JSON body; with {@code If-Match}, only over that ETag (409 otherwise). 204 with the new ETag. */
    private void saveState(RoutingContext ctx) {
        store(ctx).ifPresent(store -> {
            JsonNode value = readJson(ctx, body(ctx));
            if (value == null) {
                return;
            }
            String ifMatch = ctx.request().getHeader(HttpHeaders.IF_MATCH);
            String etag = stateCall(ctx, () -> store.save(key(ctx), value, ifMatch == null
                    ? SaveOptions.NONE
                    : SaveOptions.ifMatch(ifMatch)));
            if (etag != null) {
                ctx.response().setStatusCode(204).putHeader(HttpHeaders.ETAG, etag).end();
            }
        });
    }

    /** Deletes the key; with {@code If-Match}, only over that ETag (409 otherwise). 204. */
    private void deleteState(RoutingContext ctx) {
        store(ctx).ifPresent(store -> {
            String ifMatch = ctx.request().getHeader(HttpHeaders.IF_MATCH);
            Boolean deleted = stateCall(ctx, () -> {
                if (ifMatch == null) {
                    store.delete(key(ctx));
                } else {
                    store.delete(key(ctx), ifMatch);
                }
                return true;
            });
            if (deleted != null) {
                ctx.response().setStatusCode(204).end();
            }
        });
    }

    /**
     * @return the key the path names, decoded as a path segment: a key with a {@code /} is sent as {@code %2F}, which
     *         the router leaves encoded ({@code +} is a plus here, not a space)
     */
    private static String key(RoutingContext ctx) {
        String raw = ctx.pathParam("key");
        return raw.indexOf('%') < 0 ? raw : URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** @return the store the path names, or empty when there is none of that name (answered 404) */
    private Optional<StateStore> store(RoutingContext ctx) {
        String name = ctx.pathParam("store");
        if (!stores.names().contains(name)) {
            problem(ctx, 404, "unknown-store", "Unknown state store", "No state store is named '" + name
                    + "'; known: " + stores.names());
            return Optional.empty();
        }
        return Optional.of(stores.store(name));
    }

    /** @return the call's result, or null when it was refused (answered 400 or 409) */
    private <T> T stateCall(RoutingContext ctx, Supplier<T> call) {
        try {
            return call.get();
        } catch (ETagMismatchException e) {
            problem(ctx, 409, "etag-mismatch", "ETag mismatch", e.getMessage());
        } catch (InvalidStateRequestException e) {
            problem(ctx, 400, "invalid-request", "Invalid request", e.getMessage());
        }
        return null;
    }

    /** @return the body as JSON, or null when it is not (answered 400) */
    private JsonNode readJson(RoutingContext ctx, byte[] body) {
        try {
            JsonNode value = body.length == 0 ? null : mapper.readTree(body);
            if (value != null) {
                return value;
            }
            problem(ctx, 400, "invalid-json", "Invalid JSON", "The request body is empty: send a JSON value");
        } catch (java.io.IOException e) {
            problem(ctx, 400, "invalid-json", "Invalid JSON", "The request body is not JSON: "
                    + (e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage()));
        }
        return null;
    }

    private static byte[] body(RoutingContext ctx) {
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        return body == null ? new byte[0] : body.getBytes();
    }

    private void failure(RoutingContext ctx) {
        if (ctx.statusCode() == 413) {
            problem(ctx, 413, "payload-too-large", "Payload too large", "The request body is larger than "
                    + "bindery.http.max-body-size (" + config.http().maxBodySize().asLongValue() + " bytes)");
        } else {
            write(ctx, exchange.hostFailure(ctx.request().method().name() + " " + ctx.request().path(),
                    ctx.failure()));
        }
    }

    private void json(RoutingContext ctx, int status, Object body) {
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            ctx.fail(e);
            return;
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(Buffer.buffer(bytes));
    }

    private void problem(RoutingContext ctx, int status, String slug, String title, String detail) {
        write(ctx, exchange.problem(HttpProblem.of(status, slug, title, detail)));
    }

    private static void write(RoutingContext ctx, Answer answer) {
        HttpCloudEventIngress.write(ctx.response(), answer);
    }
}
