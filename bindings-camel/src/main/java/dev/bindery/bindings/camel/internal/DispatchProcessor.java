package dev.bindery.bindings.camel.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.apache.camel.support.SynchronizationAdapter;

import io.cloudevents.CloudEvent;

import dev.bindery.bindings.camel.kind.MessageReader;
import dev.bindery.spi.dispatch.Credentials;
import dev.bindery.spi.dispatch.DeliveryListener;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.Dispatcher;
import dev.bindery.spi.dispatch.Outcome;

/**
 * The step of an input binding's route that hands its message, as CloudEvents, to the function, without blocking a
 * thread while the function runs. The exchange completes after the function did, so the consumer acknowledges the
 * message only then; a failure is set on the exchange as a {@link DeliveryFailure} for the route's error handler. A
 * reply's data becomes the exchange's body (the response of request-reply endpoints). Each event carries the
 * {@linkplain MessageCredentials credentials} of its message, for the security stage; a denial is not retryable, so
 * the message goes to the dead letter at once.
 */
public final class DispatchProcessor extends AsyncProcessorSupport {

    /** Exchange property holding the message's first event, for the dead letter. */
    public static final String EVENT = "bindery.event";

    private final String function;
    private final MessageReader events;
    private final Dispatcher dispatcher;
    private final DeliveryListener deliveries;
    private final MessageCredentials credentials;

    DispatchProcessor(String function, MessageReader events, Dispatcher dispatcher, DeliveryListener deliveries,
            MessageCredentials credentials) {
        this.function = function;
        this.events = events;
        this.dispatcher = dispatcher;
        this.deliveries = deliveries;
        this.credentials = credentials;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        int attempt = exchange.getProperty(ATTEMPTS, 0, Integer.class) + 1;
        exchange.setProperty(ATTEMPTS, attempt);
        if (attempt == 1) {
            deliveries.received();
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onComplete(Exchange done) {
                    if (!done.getProperty(DeadLetterProcessor.DEAD_LETTERED, false, Boolean.class)) {
                        deliveries.acknowledged();
                    }
                }

                @Override
                public void onFailure(Exchange failed) {
                    deliveries.failed();
                }
            });
        } else {
            deliveries.retried();
        }
        List<CloudEvent> mapped;
        try {
            mapped = exchange.getProperty(EVENTS, List.class) != null
                    ? cast(exchange.getProperty(EVENTS, List.class))
                    : events.toEvents(exchange);
        } catch (RuntimeException e) {
            exchange.setException(new DeliveryFailure.Rejected("The message could not be read as an event: "
                    + e.getMessage(), e));
            callback.done(true);
            return true;
        }
        exchange.setProperty(EVENTS, mapped);
        if (!mapped.isEmpty()) {
            exchange.setProperty(EVENT, mapped.get(0));
        }
        // a retry starts at the first event not yet processed (an S3 notification can hold several)
        int done = exchange.getProperty(DONE, 0, Integer.class);
        Credentials presented = credentials.of(exchange);
        CompletionStage<Outcome> outcome = CompletableFuture.completedFuture(null);
        for (int i = done; i < mapped.size(); i++) {
            CloudEvent event = mapped.get(i);
            int next = i + 1;
            outcome = outcome.thenCompose(previous -> {
                if (previous != null && !previous.succeeded()) {
                    return CompletableFuture.completedFuture(previous);
                }
                exchange.setProperty(EVENT, event);
                return dispatcher.dispatch(DispatchRequest.to(function, event, DispatchRequest.BINDING)
                        .withCredentials(presented));
            }).thenApply(result -> {
                if (result.succeeded()) {
                    exchange.setProperty(DONE, next);
                }
                return result;
            });
        }
        outcome.whenComplete((result, unexpected) -> {
            if (unexpected != null) {
                exchange.setException(new DeliveryFailure(String.valueOf(unexpected.getMessage()), unexpected));
            } else if (result != null && !result.succeeded()) {
                exchange.setException(failure(result));
            } else if (result instanceof Outcome.Replied replied) {
                exchange.getMessage().setBody(replied.reply().getData() == null
                        ? null
                        : replied.reply().getData().toBytes());
            }
            callback.done(false);
        });
        return false;
    }

    /** Exchange property holding the message's events, mapped once for every attempt. */
    static final String EVENTS = "bindery.events";
    /** Exchange property counting the deliveries of the message to the function. */
    static final String ATTEMPTS = "bindery.attempts";
    /** Exchange property counting the events already processed. */
    static final String DONE = "bindery.done";

    @SuppressWarnings("unchecked")
    private static List<CloudEvent> cast(List<?> list) {
        return (List<CloudEvent>) list;
    }

    /** A retryable outcome is redelivered by the route's error handler; any other goes to the dead letter at once. */
    private static DeliveryFailure failure(Outcome outcome) {
        String reason = outcome.reason().orElse("unknown");
        Throwable cause = outcome.failure().orElse(null);
        return outcome.retryable() ? new DeliveryFailure(reason, cause) : new DeliveryFailure.Rejected(reason, cause);
    }
}
