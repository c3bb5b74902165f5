package dev.bindery.examples;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import com.fasterxml.jackson.core.type.TypeReference;

import io.quarkus.funqy.Funq;

import dev.bindery.function.EventContext;
import dev.bindery.function.OnEvent;
import dev.bindery.pubsub.OnTopic;
import dev.bindery.state.ETagMismatchException;
import dev.bindery.state.SaveOptions;
import dev.bindery.state.StateItem;
import dev.bindery.state.StateStore;

/** Keeps an audit trail of accepted orders, fed by the {@code orders} topic. */
public class Audit {

    /** One audited order: its id and the id of the event that carried it. */
    public record AuditEntry(String orderId, String eventId) {
    }

    static final String KEY = "audit";
    static final TypeReference<List<AuditEntry>> ENTRIES = new TypeReference<>() {
    };

    @Inject
    StateStore state;

    /** Appends the accepted order to the trail (ETag retries keep concurrent appends). */
    @Funq
    @OnTopic(topic = Orders.ORDERS_TOPIC)
    public void auditOrder(Order order, EventContext context) {
        while (true) {
            StateItem current = state.get(KEY).orElse(null);
            List<AuditEntry> entries = current == null ? new ArrayList<>() : new ArrayList<>(current.value(ENTRIES));
            entries.add(new AuditEntry(order.getId(), context.id()));
            try {
                state.save(KEY, entries, current == null ? SaveOptions.ifAbsent() : SaveOptions.ifMatch(current.etag()));
                return;
            } catch (ETagMismatchException concurrentAppend) {
                // read the trail again
            }
        }
    }

    @Funq
    @OnEvent(type = "com.example.audit.get")
    public List<AuditEntry> getAudit() {
        return state.get(KEY).map(item -> item.value(ENTRIES)).orElse(List.of());
    }
}
