package dev.bindery.runtime.internal;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.core.message.MessageReader;
import io.cloudevents.http.vertx.VertxMessageFactory;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import dev.bindery.internal.security.Authentication;
import dev.bindery.runtime.BinderyConfig;
import dev.bindery.spi.dispatch.Credentials;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.Dispatcher;
import dev.bindery.spi.support.HttpExchange;
import dev.bindery.spi.support.HttpExchange.Answer;
import dev.bindery.spi.support.HttpProblem;

/**
 * CloudEvents over HTTP on Quarkus' Vert.x router: the event path and {@code <path><function>}. The HTTP contract
 * (modes, statuses, problems) is the transport-neutral {@link HttpExchange}; this class only adapts Vert.x to it,
 * reading and writing events with the CloudEvents SDK's Vert.x binding. Runs on the event loop; the Dispatcher moves
 * blocking functions to workers.
 */
@Singleton
public class HttpCloudEventIngress {

    private static final byte[] NO_BODY = new byte[0];
    /** The routing context's entry holding the {@link Authentication} of a request whose credential was verified. */
    static final String VERIFIED = "bindery.verified";

    private final HttpExchange exchange;
    private final BinderyConfig config;
    private final Draining draining;
    private final HostSecurity security;

    public HttpCloudEventIngress(Dispatcher dispatcher, ObjectMapper json, BinderyConfig config, Draining draining,
            HostSecurity security) {
        this.exchange = new HttpExchange(dispatcher, json, DispatchRequest.HTTP);
        this.config = config;
        this.draining = draining;
        this.security = security;
    }

    void register(@Observes Router router) {
        if (protectsObservability(config.security())) {
            // health, metrics and the other endpoints under the non-application root on the main port: a credential first
            router.route(nonApplicationRoot() + "*").order(-1000).handler(this::requireCredential);
        }
        String path = config.http().path();
        String base = path.endsWith("/") ? path : path + "/";
        BodyHandler body = BodyHandler.create(false).setBodyLimit(config.http().maxBodySize().asLongValue());
        for (String route : List.of(path, base + ":function")) {
            router.route(route).handler(this::refuseWhileDraining);
            // a route of its own: Vert.x runs the body handler before any other handler of a route
            router.route(route).method(HttpMethod.POST).handler(this::refuseForms);
            router.route(route).method(HttpMethod.POST)
                    .handler(body)
                    .handler(this::handle)
                    .failureHandler(this::failure);
            router.route(route).handler(this::handle);
        }
        // a path under the ingress that no route of the application took: a problem rather than the router's page
        router.route(base + "*").last().handler(this::noRoute).failureHandler(this::failure);
    }

    /**
     * @return whether the endpoints under the non-application root of the main router need a credential: always when
     *         {@code protected}, never when {@code open}; when {@code auto}, when security is on (on the management
     *         interface they are not on this router, so stay open)
     */
    static boolean protectsObservability(BinderyConfig.Security security) {
        return switch (security.observability()) {
            case "open" -> false;
            case "protected" -> true;
            case "auto" -> security.enabled();
            default -> throw new IllegalArgumentException("bindery.security.observability must be open, protected or "
                    + "auto, not '" + security.observability() + "'");
        };
    }

    /** @return the absolute path of the non-application root on the main router, ending with {@code /} */
    static String nonApplicationRoot() {
        var quarkus = ConfigProvider.getConfig();
        String root = quarkus.getOptionalValue("quarkus.http.root-path", String.class).orElse("/");
        String path = quarkus.getOptionalValue("quarkus.http.non-application-root-path", String.class).orElse("q");
        String absolute = path.startsWith("/") ? path : (root.endsWith("/") ? root : root + "/") + path;
        return absolute.endsWith("/") ? absolute : absolute + "/";
    }

    private void requireCredential(RoutingContext ctx) {
        Authentication verified = security.verify(Credentials.fromHeaders(ctx.request()::getHeader));
        if (verified instanceof Authentication.Refused refused) {
            write(ctx.response(), exchange.problem(HttpProblem.of(401, "unauthenticated", "Unauthenticated",
                    refused.reason())));
            return;
        }
        // verified once: an app token is accepted once, and the admin endpoints after this ask who it was
        ctx.put(VERIFIED, verified);
        ctx.next();
    }

    /**
     * Once shutting down, a new event is answered 503 with {@code Retry-After} and the connection closed: the sender
     * (or Knative's queue proxy) sends it again, to another instance.
     */
    private void refuseWhileDraining(RoutingContext ctx) {
        if (!draining.draining()) {
            ctx.next();
            return;
        }
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "1").putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        write(ctx.response(), exchange.problem(HttpProblem.of(503, "shutting-down", "Shutting down",
                "This instance is shutting down and takes no new events; send the event again")));
    }

    /** Form and multipart bodies are refused before the body handler decodes them: they are never CloudEvents. */
    private void refuseForms(RoutingContext ctx) {
        String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (HttpExchange.refusesContentType(contentType)) {
            write(ctx.response(), exchange.unsupportedMediaType(contentType));
        } else {
            ctx.next();
        }
    }

    private void noRoute(RoutingContext ctx) {
        write(ctx.response(), exchange.problem(HttpProblem.of(404, "no-route", "No route", "Nothing answers "
                + ctx.request().method().name() + " " + ctx.request().path() + ": events go to "
                + config.http().path() + " or to a function's path")));
    }

    private void failure(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (status == 413) {
            write(ctx.response(), exchange.problem(HttpProblem.of(413, "payload-too-large", "Payload too large",
                    "The request body is larger than bindery.http.max-body-size ("
                            + config.http().maxBodySize().asLongValue() + " bytes)")));
            return;
        }
        if (ctx.failure() == null && status >= 400 && status < 500) {
            // a handler before ours (the body handler) refused the request with a status of its own
            write(ctx.response(), exchange.problem(HttpProblem.of(status, "http-" + status,
                    "The request was refused", "The request was refused with status " + status)));
            return;
        }
        write(ctx.response(), exchange.hostFailure(ctx.request().method().name() + " " + ctx.request().path(),
                ctx.failure()));
    }

    private void handle(RoutingContext ctx) {
        exchange.handle(new VertxRequest(ctx)).thenAccept(answer -> write(ctx.response(), answer));
    }

    static void write(HttpServerResponse response, Answer answer) {
        if (response.ended()) {
            return;
        }
        response.setStatusCode(answer.status());
        for (Map.Entry<String, String> header : answer.headers().entrySet()) {
            response.putHeader(header.getKey(), header.getValue());
        }
        if (answer.event() != null) {
            if (answer.structured()) {
                VertxMessageFactory.createWriter(response).writeStructured(answer.event(), HttpExchange.STRUCTURED);
            } else {
                VertxMessageFactory.createWriter(response).writeBinary(answer.event());
            }
        } else if (answer.body() != null) {
            response.putHeader(HttpHeaders.CONTENT_TYPE, answer.contentType()).end(Buffer.buffer(answer.body()));
        } else {
            response.end();
        }
    }

    /** A Vert.x request as the exchange reads it. */
    private static final class VertxRequest implements HttpExchange.Request {
        private final RoutingContext ctx;

        VertxRequest(RoutingContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public String method() {
            return ctx.request().method().name();
        }

        @Override
        public String path() {
            return ctx.request().path();
        }

        @Override
        public String function() {
            return ctx.pathParam("function");
        }

        @Override
        public String header(String name) {
            return ctx.request().headers().get(name);
        }

        @Override
        public boolean hasCloudEventHeaders() {
            for (Map.Entry<String, String> header : ctx.request().headers()) {
                if (header.getKey().regionMatches(true, 0, "ce-", 0, 3)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public byte[] body() {
            Buffer body = ctx.body().buffer();
            return body == null ? NO_BODY : body.getBytes();
        }

        @Override
        public MessageReader reader() {
            MultiMap headers = ctx.request().headers();
            Buffer body = ctx.body().buffer();
            return VertxMessageFactory.createReader(headers, body == null ? Buffer.buffer() : body);
        }
    }
}
