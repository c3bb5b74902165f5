package dev.bindery.examples;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Inject;

import io.quarkus.funqy.Funq;

import dev.bindery.binding.Bindings;
import dev.bindery.binding.CronTick;
import dev.bindery.binding.OnBinding;
import dev.bindery.examples.Audit.AuditEntry;
import dev.bindery.function.EventContext;
import dev.bindery.state.StateItem;
import dev.bindery.state.StateStore;
import dev.bindery.state.Store;

/**
 * Writes a summary of the accepted orders on a schedule (the {@code nightly} cron binding) through the
 * {@code reports} output binding: a directory by default, a bucket by configuration.
 */
public class Reports {

    /** The summary: how many orders, and how many of each item. */
    public record OrdersReport(Instant scheduledAt, int orders, Map<String, Integer> quantities) {
    }

    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss")
            .withZone(ZoneOffset.UTC);

    @Inject
    StateStore state;

    @Inject
    @Store("orders")
    StateStore orders;

    @Inject
    Bindings bindings;

    /**
     * One report per schedule, named after the time it was scheduled for, so a retried tick rewrites it. On Knative a
     * PingSource may trigger it instead of the cron binding: its tick has no scheduled time, the event's time is used.
     */
    @Funq
    @OnBinding("nightly")
    public OrdersReport nightlyReport(CronTick tick, EventContext context) {
        Instant scheduled = tick != null && tick.scheduledFireTime() != null
                ? tick.scheduledFireTime()
                : context.time().map(OffsetDateTime::toInstant).orElseGet(Instant::now);
        List<String> ids = state.get(Audit.KEY).map(item -> item.value(Audit.ENTRIES)).orElse(List.of()).stream()
                .map(AuditEntry::orderId).distinct().toList();
        Map<String, Integer> quantities = new TreeMap<>();
        for (StateItem item : orders.getBulk(ids).values()) {
            Order order = item.value(Order.class);
            quantities.merge(order.getItem(), order.getQuantity(), Integer::sum);
        }
        OrdersReport report = new OrdersReport(scheduled, ids.size(), quantities);
        bindings.invoke("reports", "create", report, Map.of("key", "orders-" + NAME.format(scheduled)
                + ".json", "content-type", "application/json"));
        return report;
    }
}
