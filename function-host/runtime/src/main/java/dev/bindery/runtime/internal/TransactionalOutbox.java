package dev.bindery.runtime.internal;

import java.time.Duration;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.internal.outbox.Outbox;
import dev.bindery.internal.outbox.OutboxRelay;
import dev.bindery.runtime.BinderyConfig;
import dev.bindery.spi.state.StateBackend;
import dev.bindery.state.OutboxPublish;

/**
 * The application's transactional outbox: what its state stores' transactions write their publishes with, and the
 * relay that publishes them to the pub/sub components. The relay scans each store for pending events when the store
 * opens and every 30 s; it stops on shutdown, leaving what is pending in the stores for the next start.
 */
@Singleton
public class TransactionalOutbox {

    private final OutboxRelay relay;
    private final Outbox outbox;

    public TransactionalOutbox(BinderyConfig config, ObjectMapper mapper, PubSubComponents pubsub,
            Telemetry telemetry) {
        Duration sendTimeout = config.pubsub().get(OutboxPublish.DEFAULT_PUBSUB).publishTimeout();
        OutboxRelay.Settings defaults = OutboxRelay.Settings.DEFAULT;
        this.relay = new OutboxRelay(config.appId(), pubsub::broker, mapper, new OutboxRelay.Settings(sendTimeout,
                defaults.retryInitialDelay(), defaults.retryMaxDelay(), defaults.scanInterval(),
                defaults.scanGrace(), defaults.scanBatch()), telemetry.outbox());
        // the relay publishes later, on its own thread: the event keeps the trace of the transaction that wrote it
        this.outbox = new Outbox(config.appId(), mapper, relay, TraceContexts::withCurrentTrace);
        telemetry.outboxHeld(relay::held);
    }

    /** @return what the application's state stores write the publishes of their transactions with */
    public Outbox outbox() {
        return outbox;
    }

    /** Relays what the store has pending, now and periodically: call it once the store is open. */
    public void watch(String store, StateBackend backend) {
        relay.watch(store, backend);
    }

    @PreDestroy
    void close() {
        relay.close();
    }
}
