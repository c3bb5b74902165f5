package dev.bindery.bindings.camel.internal;

import java.util.Optional;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.util.StringHelper;

import dev.bindery.security.Caller;
import dev.bindery.spi.dispatch.Credentials;

/**
 * What the sender of an input binding's message presented, for the security stage. A schedule's firing (the timer,
 * quartz, scheduler and cron components) is the application's own trigger: its caller is the application. Any other
 * message is read like an HTTP request, from its headers — where SQS message attributes, AMQP application properties,
 * Kafka record headers and HTTP headers arrive in Camel — with {@link Credentials#fromHeaders}; the names match in
 * any case. A message that presents nothing is from the binding's {@code caller} when it has one (its own authentication,
 * such as IAM on the queue, is the proof), else from nobody. Thread-safe.
 */
@FunctionalInterface
interface MessageCredentials {

    /** The Camel components whose consumers fire on a schedule in this process: nobody sends their messages. */
    Set<String> SCHEDULERS = Set.of("timer", "quartz", "scheduler", "cron");

    /** @return the credentials of the exchange's message */
    Credentials of(Exchange exchange);

    /**
     * @param inputUri the endpoint URI of the binding's input
     * @param caller the binding's {@code caller} option
     * @param appId the application's id
     */
    static MessageCredentials of(String inputUri, Optional<String> caller, String appId) {
        Optional<Credentials> fallback = caller.map(name -> Credentials.verified(new Caller(Caller.Kind.PRINCIPAL,
                name, Set.of())));
        if (fallback.isEmpty() && SCHEDULERS.contains(StringHelper.before(inputUri, ":", ""))) {
            Credentials application = Credentials.verified(Caller.app(appId));
            return exchange -> application;
        }
        Credentials none = fallback.orElse(Credentials.none());
        return exchange -> {
            Message message = exchange.getMessage();
            // Camel's headers are a case-insensitive map; a Kafka header's bytes are converted to text
            Credentials presented = Credentials.fromHeaders(name -> message.getHeader(name, String.class));
            return presented instanceof Credentials.None ? none : presented;
        };
    }
}
