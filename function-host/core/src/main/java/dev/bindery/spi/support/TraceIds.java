package dev.bindery.spi.support;

import io.cloudevents.CloudEvent;

/** The W3C trace id an event carries in its {@code traceparent} extension (CloudEvents' distributed tracing). */
public final class TraceIds {

    private TraceIds() {
    }

    /**
     * @param event the event, or null
     * @return the 32 hex digits of the trace id of the event's {@code traceparent}, or null when it has none
     */
    public static String of(CloudEvent event) {
        Object traceparent = event == null ? null : event.getExtension("traceparent");
        return traceparent instanceof String value && value.length() >= 35 && value.charAt(2) == '-'
                ? value.substring(3, 35)
                : null;
    }
}
