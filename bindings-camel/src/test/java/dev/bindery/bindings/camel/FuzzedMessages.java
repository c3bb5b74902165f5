package dev.bindery.bindings.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

import io.cloudevents.CloudEvent;

import dev.bindery.bindings.camel.kind.BindingEvents;
import dev.bindery.bindings.camel.kind.BindingOptions;
import dev.bindery.bindings.camel.kind.CamelBindingKind;
import dev.bindery.bindings.camel.kind.MessageReader;
import dev.bindery.testing.FuzzInputs;

/**
 * The Camel side of the binding readers' fuzz targets: a fuzz input ({@link FuzzInputs}) as the message a consumer
 * delivers — its headers and body — and the check every reader must pass: events, or the
 * {@link IllegalArgumentException} that {@link MessageReader} documents, nothing else. Headers a Camel component sets
 * as numbers or dates are given as such when the text is a number (epoch milliseconds), and left out otherwise, as a
 * component never sets them to text.
 */
public final class FuzzedMessages {

    private static final CamelContext CAMEL = new DefaultCamelContext();
    private static final Set<String> NUMBERS = Set.of(Exchange.FILE_LAST_MODIFIED, Exchange.FILE_LENGTH);
    private static final Set<String> DATES = Set.of("scheduledFireTime", "fireTime", "nextFireTime",
            Exchange.TIMER_FIRED_TIME);

    private FuzzedMessages() {
    }

    /** @return the reader of a binding of the kind with these options */
    public static MessageReader reader(CamelBindingKind kind, Map<String, String> options) {
        return kind.parse(new BindingOptions("fuzzed", kind.name(), "fuzz-app", options))
                .reader(new BindingEvents("fuzzed", URI.create(kind.name() + ":fuzzed"), "dev.bindery.fuzzed",
                        TestHost.MAPPER));
    }

    /** @return the message as a consumer would deliver it */
    public static Exchange exchange(FuzzInputs message) {
        Exchange exchange = new DefaultExchange(CAMEL);
        message.headers().forEach((name, value) -> {
            if (NUMBERS.contains(name) || DATES.contains(name)) {
                try {
                    long number = Long.parseLong(value);
                    exchange.getMessage().setHeader(name, DATES.contains(name) ? new Date(number) : number);
                } catch (NumberFormatException notANumber) {
                    // a component never sets these as text
                }
            } else {
                exchange.getMessage().setHeader(name, value);
            }
        });
        exchange.getMessage().setBody(message.body());
        return exchange;
    }

    /** Asserts the reader returns events, or refuses the message with the documented IllegalArgumentException. */
    public static void assertReadsOrRefuses(MessageReader reader, Exchange exchange) {
        List<CloudEvent> events;
        try {
            events = reader.toEvents(exchange);
        } catch (IllegalArgumentException documented) {
            return;
        }
        assertThat(events).isNotNull().doesNotContainNull();
    }
}
