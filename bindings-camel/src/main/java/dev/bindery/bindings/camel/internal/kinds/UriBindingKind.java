package dev.bindery.bindings.camel.internal.kinds;

import java.util.List;
import java.util.Map;

import org.apache.camel.Message;

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
 * {@code uri=<camel-uri>}: any Camel endpoint, given whole. Input: each exchange of its consumer is an event (id the
 * exchange's). Output: {@code create} sends the data request-reply, metadata as headers; the reply is the response.
 */
public final class UriBindingKind implements CamelBindingKind {

    @Override
    public String name() {
        return "uri";
    }

    @Override
    public List<BindingOption<?>> options() {
        return List.of();
    }

    @Override
    public CamelBinding parse(BindingOptions options) {
        return new Endpoint(options.target());
    }

    /** An endpoint given by its URI. */
    private record Endpoint(String uri) implements CamelBinding {

        @Override
        public String eventType() {
            return "dev.bindery.binding.message";
        }

        @Override
        public String inputUri(EndpointUris uris) {
            return uris.extend(uri, Map.of());
        }

        @Override
        public String outputUri(EndpointUris uris) {
            return uris.extend(uri, Map.of());
        }

        @Override
        public MessageReader reader(BindingEvents events) {
            return exchange -> List.of(events.message(exchange.getMessage(), exchange.getExchangeId(), event -> {
            }));
        }

        @Override
        public BindingResponse invoke(OutputCall call) {
            if (!call.is("create", "send")) {
                throw call.unknown("create");
            }
            Message answer = call.send(call.payload(OutputCall.Body.GIVEN), call::headers);
            return BindingResponse.of(answer.getBody() == null ? null : answer.getBody(byte[].class), Map.of());
        }
    }
}
