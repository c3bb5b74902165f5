package dev.bindery.bindings.camel;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;

import io.cloudevents.CloudEvent;

import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.testing.CountingDeliveries;
import dev.bindery.testing.TransportContract;

/**
 * The {@link TransportContract} on an input binding: the case's function bound to binding {@value #INPUT}, retried
 * {@value TransportContract#ATTEMPTS} times and dead-lettered to binding {@value #DEAD_LETTERS}; the engine hands
 * messages to the contract's dispatcher. A binding's source has no way back to its sender, so replies are not carried.
 */
abstract class BindingConformance extends TransportContract {

    static final String INPUT = "conformance";
    static final String DEAD_LETTERS = "conformance-dlq";

    private final EngineTestSupport engines = new EngineTestSupport() {
    };
    private TestHost host;

    /** @return the options of the input binding's source, for this test */
    abstract String[] input() throws Exception;

    /** @return the options of the dead-letter binding's destination, for this test */
    abstract String[] deadLetters() throws Exception;

    /** Puts the event at the input binding's source with the source's own client. */
    abstract void send(CloudEvent event) throws Exception;

    /** @return the dead letters at the dead-letter destination so far, oldest first */
    abstract List<CloudEvent> deadLettersSoFar() throws Exception;

    @AfterEach
    void stopEngine() {
        engines.stopEngines();
    }

    @Override
    protected boolean carriesReplies() {
        return false;
    }

    @Override
    protected Observation deliver(Case c, CloudEvent event) throws Exception {
        if (host == null) {
            String[] retries = {"retry-attempts", Integer.toString(RETRIES.attempts()), "retry-initial-delay",
                    RETRIES.initialDelay().toMillis() + "ms", "retry-max-delay", RETRIES.maxDelay().toMillis() + "ms",
                    "dead-letter", DEAD_LETTERS};
            String[] input = input();
            String[] options = Arrays.copyOf(input, input.length + retries.length);
            System.arraycopy(retries, 0, options, input.length, retries.length);
            host = new TestHost().binding(INPUT, options).binding(DEAD_LETTERS, deadLetters()).input(INPUT,
                    c.function()).answering(
                            message -> dispatcher().dispatch(DispatchRequest.to(c.function(),
                                    message, DispatchRequest.BINDING)));
            engines.start(host);
        }
        CountingDeliveries told = (CountingDeliveries) host.deliveries(INPUT);
        int letters = deadLettersSoFar().size();
        return watched(told, () -> send(event), () -> {
            List<CloudEvent> all = deadLettersSoFar();
            return all.size() > letters ? all.get(all.size() - 1) : null;
        });
    }
}
