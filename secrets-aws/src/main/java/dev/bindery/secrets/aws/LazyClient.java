package dev.bindery.secrets.aws;

import java.util.function.Supplier;

import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * An SDK client built on its first use. Building one (its HTTP client, TLS, the endpoint rules) loads some 600 classes:
 * a store opened at start-up that an invocation may never read, as in a Lambda cold start, should not pay for it.
 * Thread-safe; {@link #close()} closes the client only if it was built.
 */
final class LazyClient<C extends SdkAutoCloseable> implements Supplier<C>, AutoCloseable {

    private final Supplier<C> build;
    private C client;
    private boolean closed;

    LazyClient(Supplier<C> build) {
        this.build = build;
    }

    @Override
    public synchronized C get() {
        if (closed) {
            throw new IllegalStateException("The store is closed");
        }
        if (client == null) {
            client = build.get();
        }
        return client;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) {
            client.close();
        }
    }
}
