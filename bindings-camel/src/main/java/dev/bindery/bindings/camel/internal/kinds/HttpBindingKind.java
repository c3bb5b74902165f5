package dev.bindery.bindings.camel.internal.kinds;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpComponent;

import dev.bindery.binding.BindingResponse;
import dev.bindery.bindings.camel.kind.BindingEvents;
import dev.bindery.bindings.camel.kind.BindingOption;
import dev.bindery.bindings.camel.kind.BindingOptions;
import dev.bindery.bindings.camel.kind.CamelBinding;
import dev.bindery.bindings.camel.kind.CamelBindingKind;
import dev.bindery.bindings.camel.kind.EndpointUris;
import dev.bindery.bindings.camel.kind.MessageReader;
import dev.bindery.bindings.camel.kind.OutputCall;

/**
 * {@code http=<base-url>}: calls an HTTP service, output only (the host's HTTP ingress receives events). The operation
 * is the method; metadata {@code path} and {@code query} complete the URL, other metadata are headers. A status of 400
 * or more is a {@link dev.bindery.binding.BindingException} with the body.
 */
public final class HttpBindingKind implements CamelBindingKind {

    private static final int BODY_IN_ERRORS = 500;

    @Override
    public String name() {
        return "http";
    }

    @Override
    public List<BindingOption<?>> options() {
        return List.of();
    }

    @Override
    public CamelBinding parse(BindingOptions options) {
        return new Service(options.binding(), options.target());
    }

    /** An HTTP service at a base URL. */
    private record Service(String binding, String baseUrl) implements CamelBinding {

        /** @return null: HTTP bindings have no input */
        @Override
        public String eventType() {
            return null;
        }

        @Override
        public String inputUri(EndpointUris uris) {
            throw new IllegalArgumentException("Binding '" + binding + "' is an HTTP binding, which is output only: "
                    + "a function cannot be triggered by it (the host's HTTP ingress receives events)");
        }

        @Override
        public String outputUri(EndpointUris uris) {
            // the status is answered, not thrown, so that the error can carry the body
            return uris.extend(baseUrl, Map.of("throwExceptionOnFailure", false));
        }

        /**
         * The HTTP client does not retry by itself (it would resend a request answered 503 or 429): retries are the
         * resiliency policy of the binding's outbound calls, one layer the user configures.
         */
        @Override
        public void open(CamelContext context) {
            String scheme = baseUrl.regionMatches(true, 0, "https:", 0, 6) ? "https" : "http";
            context.getComponent(scheme, HttpComponent.class).setAutomaticRetriesDisabled(true);
        }

        /** Never asked: {@link #inputUri} refuses first. */
        @Override
        public MessageReader reader(BindingEvents events) {
            throw new IllegalStateException("An HTTP binding has no input");
        }

        @Override
        public BindingResponse invoke(OutputCall call) {
            if (!call.is("get", "post", "put", "delete", "patch", "head", "create")) {
                throw call.unknown("get, post, put, delete, patch, head, create (post)");
            }
            String method = call.is("create") ? "POST" : call.operation().toUpperCase(Locale.ROOT);
            Message answer = call.send(call.payload(OutputCall.Body.BYTES), message -> {
                message.setHeader(Exchange.HTTP_METHOD, method);
                call.metadata("path").ifPresent(path -> message.setHeader(Exchange.HTTP_PATH, path));
                call.metadata("query").ifPresent(query -> message.setHeader(Exchange.HTTP_QUERY, query));
                call.headers(message, "path", "query");
            });
            Integer status = answer.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
            byte[] bytes = answer.getBody(byte[].class);
            if (status != null && status >= 400) {
                String text = bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
                throw call.fail(status >= 500 || status == 429 || status == 408,
                        "the server answered " + status
                                + (text.isBlank()
                                        ? ""
                                        : ": " + (text.length() > BODY_IN_ERRORS ? text.substring(0, BODY_IN_ERRORS) : text)),
                        null);
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            if (status != null) {
                metadata.put("status", status.toString());
            }
            String contentType = answer.getHeader(Exchange.CONTENT_TYPE, String.class);
            if (contentType != null) {
                metadata.put("content-type", contentType);
            }
            return BindingResponse.of(bytes, metadata);
        }
    }
}
