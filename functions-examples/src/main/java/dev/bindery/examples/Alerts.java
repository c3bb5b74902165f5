package dev.bindery.examples;

import java.util.Locale;

import io.quarkus.funqy.Funq;
import io.smallrye.common.annotation.NonBlocking;

import dev.bindery.function.EventContext;
import dev.bindery.function.OnEvent;
import dev.bindery.function.ReplyWith;

/**
 * Monitoring alerts, routed by a CloudEvents SQL filter: only urgent alerts from production page the on-call engineer;
 * any other alert is no function's event (404, and on Knative its Trigger does not deliver it at all).
 */
public class Alerts {

    /** Who is paged and why. */
    public record Page(String service, String summary, String severity) {
    }

    /** What an alert carries. */
    public record Alert(String summary) {
    }

    /**
     * The {@code severity} extension is compared case-insensitively; an alert without it does not match (CESQL's
     * missing-attribute error is false), nor does one from outside {@code /prod/}.
     */
    @Funq
    @NonBlocking
    @OnEvent(type = "com.example.alert", sql = "LOWER(severity) IN ('critical', 'high') AND source LIKE '/prod/%'")
    @ReplyWith(type = "com.example.page")
    public Page pageOnCall(Alert alert, EventContext context) {
        String service = context.source().getPath().substring("/prod/".length());
        String severity = context.extension("severity").orElseThrow().toLowerCase(Locale.ROOT);
        return new Page(service, alert.summary(), severity);
    }
}
