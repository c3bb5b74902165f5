package dev.bindery.runtime.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.util.TypeLiteral;

import io.cloudevents.CloudEvent;

import dev.bindery.pubsub.PublishException;
import dev.bindery.spi.pubsub.PubSubBroker;

/**
 * A pub/sub component under its outbound resiliency policies ({@code bindery.resiliency.targets.components.
 * <component>.outbound}): each send is one attempt under the timeout, retried while the broker refuses or does not
 * answer, cut off while the breaker is open. Subscriptions are the broker's own (their retries are the delivery
 * contract's). A timeout or an open breaker surfaces as a {@link PublishException} naming the component.
 */
final class ResilientPubSubBroker implements PubSubBroker {

    private static final TypeLiteral<CompletionStage<Void>> SENT = new TypeLiteral<>() {
    };

    private final String component;
    private final PubSubBroker broker;
    private final ResiliencyPolicies.Policies policies;

    private ResilientPubSubBroker(String component, PubSubBroker broker, ResiliencyPolicies.Policies policies) {
        this.component = component;
        this.broker = broker;
        this.policies = policies;
    }

    /** @return the broker under the component's policies, or the broker itself when it has none */
    static PubSubBroker of(String component, PubSubBroker broker, ResiliencyPolicies resiliency) {
        ResiliencyPolicies.Policies policies = resiliency.component(component,
                failure -> failure instanceof PublishException);
        return policies.guard() == null ? broker : new ResilientPubSubBroker(component, broker, policies);
    }

    @Override
    public CompletionStage<Void> send(String topic, String key, CloudEvent event, boolean raw,
            Map<String, String> metadata) {
        CompletionStage<Void> sent;
        try {
            sent = policies.guard().get(() -> broker.send(topic, key, event, raw, metadata), SENT);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.handle((done, failure) -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause()
                    : failure;
            if (cause == null) {
                return done;
            }
            Optional<String> cutOff = policies.cutOff(cause);
            if (cutOff.isPresent()) {
                throw new PublishException("Pub/sub '" + component + "' did not take the event for topic '" + topic
                        + "': " + cutOff.get(), cause);
            }
            throw cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
        });
    }

    @Override
    public void ensureTopic(String topic) {
        broker.ensureTopic(topic);
    }

    @Override
    public Subscription subscribe(String topic, String group, Delivery delivery) {
        return broker.subscribe(topic, group, delivery);
    }

    @Override
    public void close() {
        broker.close();
    }
}
