package dev.bindery.runtime.internal;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.bindery.internal.stages.IdempotencyStage.Remember;
import dev.bindery.runtime.BinderyConfig;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.Stage.Dispatch;

/**
 * Decides per dispatch whether the idempotency stage remembers it: the function's own setting wins, then the
 * transports of {@code bindery.idempotency.transports}, then the pub/sub component's {@code idempotency} for its
 * subscriptions (with the component's store and time to live). The function's {@code idempotency-store} chooses the
 * store wherever its events are remembered.
 */
final class IdempotencyPolicy implements Function<Dispatch, Optional<Remember>> {

    private final BinderyConfig config;
    private final StateStores stores;
    private final Set<String> transports;

    IdempotencyPolicy(BinderyConfig config, StateStores stores) {
        this.config = config;
        this.stores = stores;
        this.transports = config.idempotency().transports().orElse(Set.of());
    }

    @Override
    public Optional<Remember> apply(Dispatch dispatch) {
        BinderyConfig.Function function = config.functions().get(dispatch.function());
        Optional<String> ownStore = function == null ? Optional.empty() : function.idempotencyStore();
        return remember(dispatch, function).map(remember -> ownStore
                .map(store -> new Remember(stores.store(store), remember.ttl())).orElse(remember));
    }

    private Optional<Remember> remember(Dispatch dispatch, BinderyConfig.Function function) {
        Optional<Boolean> own = function == null ? Optional.empty() : function.idempotency();
        if (own.isPresent()) {
            return own.get() ? Optional.of(everywhere()) : Optional.empty();
        }
        if (transports.contains(dispatch.request().transport())) {
            return Optional.of(everywhere());
        }
        if (dispatch.request().target() instanceof DispatchRequest.Topic topic) {
            BinderyConfig.PubSub component = config.pubsub().get(topic.pubsub());
            if (component.idempotency()) {
                return Optional.of(new Remember(stores.store(component.idempotencyStore()),
                        component.idempotencyTtl()));
            }
        }
        return Optional.empty();
    }

    private Remember everywhere() {
        return new Remember(stores.store(config.idempotency().store()), config.idempotency().ttl());
    }
}
