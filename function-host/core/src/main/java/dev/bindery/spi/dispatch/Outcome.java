package dev.bindery.spi.dispatch;

import java.util.Optional;

import io.cloudevents.CloudEvent;

import dev.bindery.spi.support.TraceIds;
import dev.bindery.spi.support.Uniqueness;

/**
 * How the dispatch of one event ended. The {@link Dispatcher}'s stage always completes with an outcome, never
 * exceptionally; every transport maps outcomes to its protocol in one place (HTTP status and problem, queue
 * acknowledge / retry / dead letter, Lambda {@code batchItemFailures}).
 * <p>
 * Only {@link Failed} and {@link HostFailure} are {@linkplain #retryable() retryable}: delivering the same event again
 * may succeed. The others are final: a queue acknowledges a success and dead-letters the rest at once.
 */
public sealed interface Outcome {

    /** @return the function the event was routed to; empty when none was found */
    Optional<String> function();

    /** @return true when the event was processed (with or without a reply) */
    default boolean succeeded() {
        return false;
    }

    /** @return true when delivering the same event again may succeed */
    default boolean retryable() {
        return false;
    }

    /** @return why the event was not processed, in words for its sender and for a dead letter; empty on success */
    Optional<String> reason();

    /** @return what was thrown, when something was (for the log and the trace; never echoed to a sender) */
    default Optional<Throwable> failure() {
        return Optional.empty();
    }

    /** The function produced a reply event. */
    record Replied(String name, CloudEvent reply) implements Outcome {
        @Override
        public Optional<String> function() {
            return Optional.of(name);
        }

        @Override
        public boolean succeeded() {
            return true;
        }

        @Override
        public Optional<String> reason() {
            return Optional.empty();
        }
    }

    /**
     * The event was processed and there is no reply: the function returned {@code void} or null, or a stage
     * recognised the event as a duplicate of one already processed and skipped it.
     */
    record NoReply(String name, boolean duplicate) implements Outcome {
        @Override
        public Optional<String> function() {
            return Optional.of(name);
        }

        @Override
        public boolean succeeded() {
            return true;
        }

        @Override
        public Optional<String> reason() {
            return Optional.empty();
        }
    }

    /**
     * The event can never succeed: it is malformed or its data does not bind to the function's parameter
     * ({@code attribute} names what is wrong: {@code data}, {@code type}, …), or the function rejected it with
     * {@link dev.bindery.function.EventRejectedException}. Never retried.
     *
     * @param name the function, or null when the event was refused before one was chosen
     * @param attribute the attribute that is wrong when the event itself is invalid; null when the function rejected
     *        a well-formed event
     */
    record Rejected(String name, String message, String attribute, Throwable cause) implements Outcome {
        @Override
        public Optional<String> function() {
            return Optional.ofNullable(name);
        }

        /** @return true when the event is malformed (HTTP 400), false when the function rejected it (HTTP 422) */
        public boolean invalidEvent() {
            return attribute != null;
        }

        @Override
        public Optional<String> reason() {
            return Optional.of(message);
        }

        @Override
        public Optional<Throwable> failure() {
            return Optional.ofNullable(cause);
        }
    }

    /**
     * Nothing is there for the event: no function matches it ({@code name} null), or the function said the thing it
     * asks for does not exist ({@link dev.bindery.function.NotFoundException}). Not retried by queues, which
     * dead-letter it; HTTP answers 404, which Knative retries by its own rules.
     */
    record NotFound(String name, String message) implements Outcome {
        @Override
        public Optional<String> function() {
            return Optional.ofNullable(name);
        }

        /** @return true when no function matches the event (rather than a function finding nothing) */
        public boolean noRoute() {
            return name == null;
        }

        @Override
        public Optional<String> reason() {
            return Optional.of(message);
        }
    }

    /** The function threw (anything but a rejection). Retryable. */
    record Failed(String name, String message, Throwable cause) implements Outcome {
        @Override
        public Optional<String> function() {
            return Optional.of(name);
        }

        @Override
        public boolean retryable() {
            return true;
        }

        @Override
        public Optional<String> reason() {
            return Optional.of(message);
        }

        @Override
        public Optional<Throwable> failure() {
            return Optional.ofNullable(cause);
        }
    }

    /**
     * The host itself failed around the function (it could not schedule it, serialize its reply, reach a stage's
     * store…). Retryable. The detail goes to the log under {@code traceId}; a sender is only told the trace id.
     *
     * @param name the function, or null when the failure came before one was chosen
     * @param traceId the event's W3C trace id when it carries one, else a random one, to find the log entry
     */
    record HostFailure(String name, String message, Throwable cause, String traceId) implements Outcome {

        /** @return a host failure whose trace id is the event's, or a new one */
        public static HostFailure of(String function, String message, Throwable cause, CloudEvent event) {
            return new HostFailure(function, message, cause, traceIdOf(event));
        }

        private static String traceIdOf(CloudEvent event) {
            String carried = TraceIds.of(event);
            if (carried != null) {
                return carried;
            }
            // salted: instances restored from one snapshot would otherwise log the same trace ids
            return String.format("%016x%016x", Uniqueness.nextLong(), Uniqueness.nextLong());
        }

        @Override
        public Optional<String> function() {
            return Optional.ofNullable(name);
        }

        @Override
        public boolean retryable() {
            return true;
        }

        @Override
        public Optional<String> reason() {
            return Optional.of(message);
        }

        @Override
        public Optional<Throwable> failure() {
            return Optional.ofNullable(cause);
        }
    }

    /**
     * The event was refused for who sent it: by the security stage (a missing or invalid credential, or a caller the
     * function's policy does not allow), or by the function itself throwing a {@link SecurityException} (a role check).
     * Never retried.
     *
     * @param unauthenticated true when the sender proved no identity (HTTP 401), false when it is not allowed (403)
     */
    record Denied(String name, String message, boolean unauthenticated) implements Outcome {
        @Override
        public Optional<String> function() {
            return Optional.ofNullable(name);
        }

        @Override
        public Optional<String> reason() {
            return Optional.of(message);
        }
    }
}
