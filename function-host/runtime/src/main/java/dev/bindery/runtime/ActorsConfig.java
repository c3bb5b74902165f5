package dev.bindery.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.WithDefault;

/**
 * The actors building block, {@code bindery.actors.*}: read only when the application has {@code @Actor} classes.
 */
public interface ActorsConfig {

    /** The state store ({@code bindery.state.<name>}) that holds the actors' state, leases and reminders. */
    @WithDefault("default")
    String stateStore();

    /** How long an actor stays active without a call before it is deactivated (its state stays in the store). */
    @WithDefault("60m")
    Duration idleTimeout();

    /** How often idle actors are looked for and the reminders owned by this member are read again. */
    @WithDefault("30s")
    Duration scanInterval();

    /**
     * How long an actor that moved (or this member stopping) may finish its queued calls before it deactivates, and
     * how long a new owner waits for the old one to let go.
     */
    @WithDefault("60s")
    Duration drainTimeout();

    /** The largest value of one actor state key, serialized; a larger one fails the turn. */
    @WithDefault("1M")
    MemorySize maxStateSize();

    /** Whether a call chain may call back into an actor it is already in, and how deep. */
    Reentrancy reentrancy();

    /**
     * This member's base URL, where the other members of the state store's cluster send calls for the actors it owns.
     * Unset: none when the store is not clustered; when it is ({@code bindery.state.<store>.mode=clustered}),
     * {@code http://<host>:<http port>}, the host being the store's {@code cluster.bind-address} when that is an
     * address, else this machine's first site-local address (what JGroups' {@code SITE_LOCAL} picks), else its host
     * address. Set it when members reach each other through other names (a Kubernetes headless service, TLS).
     */
    Optional<String> advertisedUrl();

    /**
     * The topic where the dead letter of a reminder whose firings kept failing is published (with the host's pub/sub
     * component {@code dead-letter-pubsub}); unset, it is only logged.
     */
    Optional<String> deadLetterTopic();

    /** The pub/sub component of {@code dead-letter-topic}. */
    @WithDefault("default")
    String deadLetterPubsub();

    /** Settings of one actor type, by type name, overriding the ones above; a type that does not exist fails the start. */
    Map<String, Type> types();

    /** Reentrancy. */
    interface Reentrancy {

        /** Whether a call chain may call back into an actor it is in (else such a call is rejected, 422). */
        @WithDefault("false")
        boolean enabled();

        /** How many times one call chain may re-enter one actor. */
        @WithDefault("32")
        int maxStackDepth();
    }

    /** The settings of one actor type. */
    interface Type {

        /** Overrides {@code bindery.actors.idle-timeout}. */
        Optional<Duration> idleTimeout();

        /** Overrides {@code bindery.actors.reentrancy.*}. */
        TypeReentrancy reentrancy();
    }

    /** Reentrancy of one actor type. */
    interface TypeReentrancy {

        /** Overrides {@code bindery.actors.reentrancy.enabled}. */
        Optional<Boolean> enabled();

        /** Overrides {@code bindery.actors.reentrancy.max-stack-depth}. */
        OptionalInt maxStackDepth();
    }
}
