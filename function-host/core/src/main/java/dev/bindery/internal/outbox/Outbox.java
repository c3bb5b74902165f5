package dev.bindery.internal.outbox;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;

import dev.bindery.internal.pubsub.PublishedEvents;
import dev.bindery.pubsub.PublishRequest;
import dev.bindery.spi.state.StateBackend;
import dev.bindery.state.OutboxPublish;

/**
 * The transactional outbox of one application, as a state store uses it: turns the publishes of a transaction into
 * entries written in the same {@link StateBackend#apply(List)} as the state change, and hands them to the
 * {@link OutboxRelay} once that write committed.
 */
public final class Outbox {

    private final String appId;
    private final URI source;
    private final ObjectMapper mapper;
    private final OutboxRelay relay;
    private final UnaryOperator<CloudEvent> stamp;

    /**
     * @param appId the application id: the events' source and the scope of its entries
     * @param mapper the application's mapper, for event data and the stored entries
     */
    public Outbox(String appId, ObjectMapper mapper, OutboxRelay relay) {
        this(appId, mapper, relay, UnaryOperator.identity());
    }

    /**
     * @param stamp adds what the event must carry from the moment of the transaction, such as the current trace
     *        context, since the relay publishes it later on another thread
     */
    public Outbox(String appId, ObjectMapper mapper, OutboxRelay relay, UnaryOperator<CloudEvent> stamp) {
        this.appId = appId;
        this.source = URI.create(appId);
        this.mapper = mapper;
        this.relay = relay;
        this.stamp = stamp;
    }

    /**
     * Builds each event now (id, time, trace context), so every relay of it is the same event.
     *
     * @throws dev.bindery.pubsub.PublishException when an event's data cannot be serialized
     */
    public List<OutboxEntry> entries(List<OutboxPublish> publishes) {
        Instant now = Instant.now();
        List<OutboxEntry> entries = new ArrayList<>(publishes.size());
        for (OutboxPublish publish : publishes) {
            PublishRequest request = publish.request();
            CloudEvent event = stamp.apply(PublishedEvents.build(request, source, mapper));
            entries.add(new OutboxEntry(publish.pubsub(), request.topic(), request.orderingKey().orElse(null),
                    request.raw(), request.metadata(), event, now, entries.size()));
        }
        return entries;
    }

    /** @return the writes that store the entries; insert-only, so an entry is never overwritten */
    public List<StateBackend.Write> writes(List<OutboxEntry> entries) {
        return entries.stream().map(entry -> entry.write(appId, mapper)).toList();
    }

    /** Call before applying the writes: the relay holds the entries, so no scan sends them before the commit. */
    public void committing(List<OutboxEntry> entries) {
        relay.hold(entries);
    }

    /** Call when the writes were not applied: nothing is relayed. */
    public void aborted(List<OutboxEntry> entries) {
        relay.release(entries);
    }

    /** Call once the writes committed: relays the entries in the background. */
    public void committed(String store, StateBackend backend, List<OutboxEntry> entries) {
        if (!entries.isEmpty()) {
            relay.relay(store, backend, entries);
        }
    }
}
