package dev.bindery.internal.stages;

import java.util.Locale;

import dev.bindery.spi.dispatch.Outcome;

/**
 * How an invocation ended, as metrics ({@code outcome} tag), spans and the recent events name it: one name per kind of
 * {@link Outcome}, in lower case ({@link #label()}).
 */
public enum OutcomeKind {
    SUCCESS, FAILURE, REJECTED, INVALID_EVENT, NOT_FOUND, DENIED;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** @return the kind of the outcome: a duplicate skipped by idempotency is a success */
    public static OutcomeKind of(Outcome outcome) {
        if (outcome.succeeded()) {
            return SUCCESS;
        }
        if (outcome instanceof Outcome.Rejected rejected) {
            return rejected.invalidEvent() ? INVALID_EVENT : REJECTED;
        }
        if (outcome instanceof Outcome.NotFound) {
            return NOT_FOUND;
        }
        if (outcome instanceof Outcome.Denied) {
            return DENIED;
        }
        return FAILURE;
    }

    /** @return the name as metrics and the admin endpoints show it, such as {@code invalid_event} */
    public String label() {
        return label;
    }
}
