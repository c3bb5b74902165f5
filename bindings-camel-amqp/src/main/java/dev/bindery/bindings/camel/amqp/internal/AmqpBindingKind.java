package dev.bindery.bindings.camel.amqp.internal;

import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

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
 * {@code amqp=<queue>}: each message of an AMQP 1.0 queue triggers the function and is client-acknowledged after
 * success. Output: {@code create} sends a message, metadata as JMS properties. Each binding has a Qpid JMS connection
 * factory for its input and a caching one for its output, bound in the CamelContext's registry.
 */
public final class AmqpBindingKind implements CamelBindingKind {

    /** The broker's AMQP URL, such as {@code amqp://localhost:5672}. */
    static final BindingOption<String> URL = BindingOption.required("url", "the AMQP broker, such as "
            + "amqp://localhost:5672");
    /** The user name at the broker. */
    static final BindingOption<String> USERNAME = BindingOption.text("username");
    /** The password at the broker. */
    static final BindingOption<String> PASSWORD = BindingOption.text("password");

    /** How many sessions the output's connection keeps for sending. */
    private static final int OUTPUT_SESSIONS = 4;

    @Override
    public String name() {
        return "amqp";
    }

    @Override
    public List<BindingOption<?>> options() {
        return List.of(URL, USERNAME, PASSWORD);
    }

    @Override
    public CamelBinding parse(BindingOptions options) {
        return new Queue(options.binding(), options.target(), options.value(URL), options.find(USERNAME).orElse(
                null), options.find(PASSWORD).orElse(null));
    }

    /** A queue at a broker. */
    private record Queue(String binding, String queue, String url, String username, String password)
            implements
                CamelBinding {

        @Override
        public String eventType() {
            return BindingEvents.QUEUE_MESSAGE;
        }

        @Override
        public void open(CamelContext context) {
            JmsConnectionFactory factory = new JmsConnectionFactory(url);
            if (username != null) {
                factory.setUsername(username);
            }
            if (password != null) {
                factory.setPassword(password);
            }
            context.getRegistry().bind(connectionFactory("in"), factory);
            CachingConnectionFactory caching = new CachingConnectionFactory(factory);
            caching.setSessionCacheSize(OUTPUT_SESSIONS);
            context.getRegistry().bind(connectionFactory("out"), caching);
        }

        @Override
        public void close(CamelContext context) {
            if (context.getRegistry().lookupByName(connectionFactory("out")) instanceof CachingConnectionFactory caching) {
                caching.destroy();
            }
        }

        private String connectionFactory(String direction) {
            return "bindery-amqp-" + binding + "-" + direction;
        }

        @Override
        public String inputUri(EndpointUris uris) {
            return uris.build("amqp", Map.of("destinationType", "queue", "destinationName", queue, "connectionFactory",
                    "#" + connectionFactory("in"), "acknowledgementModeName", "CLIENT_ACKNOWLEDGE"));
        }

        @Override
        public String outputUri(EndpointUris uris) {
            return uris.build("amqp", Map.of("destinationType", "queue", "destinationName", queue, "connectionFactory",
                    "#" + connectionFactory("out")));
        }

        @Override
        public MessageReader reader(BindingEvents events) {
            return exchange -> {
                Message message = exchange.getMessage();
                return List.of(events.message(message, message.getHeader("JMSMessageID", String.class), event -> {
                    Boolean redelivered = message.getHeader("JMSRedelivered", Boolean.class);
                    if (redelivered != null) {
                        event.withExtension("redelivered", redelivered);
                    }
                }));
            };
        }

        @Override
        public BindingResponse invoke(OutputCall call) {
            if (!call.is("send", "create")) {
                throw call.unknown("create (send)");
            }
            call.send(call.payload(OutputCall.Body.TEXT), message -> {
                // sent, not request-reply: nothing answers on a queue
                message.getExchange().setPattern(ExchangePattern.InOnly);
                call.headers(message);
            });
            return BindingResponse.of(null, Map.of());
        }
    }
}
