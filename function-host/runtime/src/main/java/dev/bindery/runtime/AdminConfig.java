package dev.bindery.runtime;

import java.util.Optional;

import io.quarkus.runtime.LaunchMode;
import io.smallrye.config.WithDefault;

/**
 * The host admin endpoints, {@code bindery.admin.*}: off in production unless enabled, and then behind the security
 * block's authentication; they never show a secret's value.
 */
public interface AdminConfig {

    /**
     * Serve the admin endpoints under {@code /q/bindery/} (on the management interface when it is enabled). Unset: on
     * in dev and test mode, off in production; when off, the paths answer 404.
     */
    Optional<Boolean> enabled();

    /** The development actions. */
    Actions actions();

    /** The recent events. */
    Events events();

    /**
     * With security on, the caller that may use the admin endpoints, named as access policies name callers: a token's
     * name, an app id, a JWT's subject or one of its groups, a prefixed id ({@code token:ops}), or {@code *} for any
     * authenticated caller.
     */
    @WithDefault("bindery-admin")
    String role();

    /** The development actions: publish an event, read and write state. */
    interface Actions {

        /** Serve {@code POST /q/bindery/publish/…} and {@code /q/bindery/state/…}. Unset: on in dev mode only. */
        Optional<Boolean> enabled();
    }

    /** The ring buffer of the last invocations. */
    interface Events {

        /** How many invocations are kept (the oldest is dropped). */
        @WithDefault("200")
        int capacity();

        /** Keep each event's data too (it may hold personal data: leave off outside development). */
        @WithDefault("false")
        boolean includeData();
    }

    /** @return whether the admin endpoints are served: as configured, else in dev and test mode */
    default boolean on() {
        return enabled().orElse(LaunchMode.current().isDevOrTest());
    }

    /** @return whether the development actions are served: only with the endpoints; as configured, else in dev mode */
    default boolean actionsOn() {
        return on() && actions().enabled().orElse(LaunchMode.current() == LaunchMode.DEVELOPMENT);
    }
}
