package dev.bindery.runtime.internal;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

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

import dev.bindery.runtime.BinderyConfig;
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

    private static final Logger LOG = Logger.getLogger(HttpCloudEventIngress.class);
    private static final byte[] NO_BODY = new byte[0];

    private final HttpExchange exchange;
    private final BinderyConfig config;

    public HttpCloudEventIngress(Dispatcher dispatcher, ObjectMapper json, BinderyConfig config) {
        this.exchange = new HttpExchange(dispatcher, json, DispatchRequest.HTTP);
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
            router.route(route).handler(this::handle);
        }
    }

    private void failure(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (status == 413) {
            write(ctx.response(), exchange.problem(HttpProblem.of(413, "payload-too-large", "Payload too large",
                    "The request body is larger than bindery.http.max-body-size ("
                            + config.http().maxBodySize().asLongValue() + " bytes)")));
            return;
        }
        if (ctx.failure() == null) {
            // a handler before ours (the body handler) refused the request with a status of its own
            write(ctx.response(), exchange.problem(HttpProblem.of(status < 400 ? 500 : status, "http-" + status,
                    "The request was refused", "The request was refused with status " + status)));
            return;
        }
        LOG.error("The HTTP ingress failed on " + ctx.request().path(), ctx.failure());
        write(ctx.response(), exchange.problem(HttpProblem.of(500, "host-failure", "The host failed",
                "The host failed to process the request")));
    }

    private void handle(RoutingContext ctx) {
        exchange.handle(new VertxRequest(ctx)).thenAccept(answer -> write(ctx.response(), answer));
    }

    private static void write(HttpServerResponse response, Answer answer) {
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
