package dev.bindery.runtime.internal;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

import sun.misc.Signal;

/**
 * Knative's contract on SIGTERM: stop taking new events (the HTTP ingress answers them 503, see {@link Draining}),
 * finish the ones in flight (Quarkus' graceful shutdown waits for them, up to {@code quarkus.shutdown.timeout}), commit
 * what was processed (subscriptions and bindings close after their events in flight) and exit with status 0 — a JVM
 * ended by a signal would report 143. Without the 503s, Quarkus would take new requests while it waits, so under steady
 * traffic the requests in flight never reached zero and those running at the timeout were cut off unanswered.
 */
@Singleton
public class GracefulTermination {

    private static final Logger LOG = Logger.getLogger(GracefulTermination.class);

    private final Draining draining;

    public GracefulTermination(Draining draining) {
        this.draining = draining;
    }

    void onStart(@Observes StartupEvent start) {
        try {
            // exiting runs the shutdown hooks, where Quarkus shuts down gracefully; the JVM's own SIGTERM handling would
            // run the same hooks but report 143. System.exit also ends a process whose main thread is held elsewhere
            // (the Lambda runtime client's loop), which Quarkus.asyncExit would not.
            Signal.handle(new Signal("TERM"), signal -> {
                LOG.info("SIGTERM: refusing new HTTP events (503), finishing the events in flight, then exiting");
                draining.start();
                System.exit(0);
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.debugf("SIGTERM cannot be handled here (%s); the JVM's default applies", e.getMessage());
        }
    }
}
