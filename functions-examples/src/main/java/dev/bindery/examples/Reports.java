package dev.bindery.examples;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.funqy.Funq;

import dev.bindery.binding.Bindings;
import dev.bindery.binding.CronTick;
import dev.bindery.binding.OnBinding;
import dev.bindery.examples.Audit.AuditEntry;
import dev.bindery.function.EventContext;
import dev.bindery.secrets.Secrets;
import dev.bindery.state.StateItem;
import dev.bindery.state.StateStore;
import dev.bindery.state.Store;

/**
 * Writes a summary of the accepted orders on a schedule (the {@code nightly} cron binding) through the
 * {@code reports} output binding: a directory by default, a bucket by configuration. Each report is signed with a key
 * read from a secret store.
 */
public class Reports {

    /**
     * The summary: how many orders, and how many of each item, signed (HMAC-SHA256, hex) with the key of the secret
     * {@code report-signing} so that whoever reads the report can tell it came from here.
     */
    public record OrdersReport(Instant scheduledAt, int orders, Map<String, Integer> quantities, String signature) {

        /** @return what the signature covers */
        public String signed() {
            return scheduledAt + "|" + orders + "|" + quantities;
        }
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

    @Inject
    Secrets secrets;

    /** The secret store holding {@code report-signing}: a file locally, a mounted Kubernetes Secret or AWS elsewhere. */
    @ConfigProperty(name = "examples.reports.signing-store", defaultValue = "local")
    String signingStore;

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
        OrdersReport unsigned = new OrdersReport(scheduled, ids.size(), quantities, null);
        OrdersReport report = new OrdersReport(scheduled, ids.size(), quantities,
                sign(unsigned.signed(), secrets.get(signingStore, "report-signing", "key")));
        bindings.invoke("reports", "create", report, Map.of("key", "orders-" + NAME.format(scheduled)
                + ".json", "content-type", "application/json"));
        return report;
    }

    static String sign(String text, String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
