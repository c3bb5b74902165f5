package dev.bindery.runtime.internal;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

import sun.misc.Signal;

/**
 * Knative's contract on SIGTERM: stop taking new events, finish the ones in flight (Quarkus' graceful shutdown,
 * {@code quarkus.shutdown.timeout}), commit what was processed (subscriptions and bindings close after their events in
 * flight) and exit with status 0 — a JVM ended by a signal would report 143.
 */
@Singleton
public class GracefulTermination {

    private static final Logger LOG = Logger.getLogger(GracefulTermination.class);

    void onStart(@Observes StartupEvent start) {
        try {
            // exiting runs the shutdown hooks, where Quarkus shuts down gracefully; the JVM's own SIGTERM handling would
            // run the same hooks but report 143. System.exit also ends a process whose main thread is held elsewhere
            // (the Lambda runtime client's loop), which Quarkus.asyncExit would not.
            Signal.handle(new Signal("TERM"), signal -> {
                LOG.info("SIGTERM: finishing the events in flight, then exiting");
                System.exit(0);
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.debugf("SIGTERM cannot be handled here (%s); the JVM's default applies", e.getMessage());
        }
    }
}
