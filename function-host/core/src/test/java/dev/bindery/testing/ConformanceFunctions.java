package dev.bindery.testing;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.bindery.function.EventContext;
import dev.bindery.function.EventRejectedException;
import dev.bindery.function.NotFoundException;
import dev.bindery.internal.invoke.FunctionDefinition;
import dev.bindery.internal.routing.EventFilter;

/**
 * The canonical functions of the {@link TransportContract}, one per case: plain public methods without annotations,
 * registered with {@link FunctionDefinition#builder} as {@code conformance-<method>}, each routed by the event type of
 * its name. Every function records the id of each event it runs for, so a test can tell how often it ran. Thread-safe.
 */
public final class ConformanceFunctions {

    /** The function names' prefix, which is also the canonical events' type prefix. */
    public static final String PREFIX = "conformance-";
    /** What {@link #refuse} says. */
    public static final String REJECTION = "greetings from robots are not accepted";
    /** What {@link #lookup} says. */
    public static final String MISSING = "nobody by that name is in the greeting book";
    /** What {@link #flaky} (on a first delivery) and {@link #broken} (always) say. */
    public static final String FAILURE = "the greeting book is offline";

    /** The data of every canonical event. */
    public record Greeting(String name) {
    }

    /** The reply of {@link #greet}. */
    public record Reply(String message) {
    }

    private final Map<String, List<String>> runs = new ConcurrentHashMap<>();
    private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

    /** Succeeds with a reply. */
    public Reply greet(Greeting greeting, EventContext context) {
        ran("greet", context);
        return new Reply("Hello, " + greeting.name() + "!");
    }

    /** Succeeds without a reply. */
    public void record(Greeting greeting, EventContext context) {
        ran("record", context);
    }

    /** Rejects every event. */
    public void refuse(Greeting greeting, EventContext context) {
        ran("refuse", context);
        throw new EventRejectedException(REJECTION);
    }

    /** Finds nothing. */
    public void lookup(Greeting greeting, EventContext context) {
        ran("lookup", context);
        throw new NotFoundException(MISSING);
    }

    /** Fails on the first delivery of an event, succeeds when it is delivered again. */
    public void flaky(Greeting greeting, EventContext context) {
        ran("flaky", context);
        if (failedOnce.add(context.id())) {
            throw new IllegalStateException(FAILURE);
        }
    }

    /** Fails every time. */
    public void broken(Greeting greeting, EventContext context) {
        ran("broken", context);
        throw new IllegalStateException(FAILURE);
    }

    /** Succeeds without a reply; the host remembers what it processed (idempotency on). */
    public void once(Greeting greeting, EventContext context) {
        ran("once", context);
    }

    private void ran(String method, EventContext context) {
        runs.computeIfAbsent(PREFIX + method, f -> new CopyOnWriteArrayList<>()).add(context.id());
    }

    /** @return the ids of the events the function ran for, one per run, in order */
    public List<String> runs(String function) {
        return List.copyOf(runs.getOrDefault(function, List.of()));
    }

    /** @return how often every function ran, by name */
    public Map<String, Integer> runCounts() {
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        runs.forEach((function, ids) -> counts.put(function, ids.size()));
        return counts;
    }

    /**
     * @param pubsub the pub/sub component of {@code topic}
     * @param topic subscribes each function to this topic (routed among its subscribers by type), or null for none
     * @return the definitions of the functions, on this instance
     */
    public List<FunctionDefinition> definitions(String pubsub, String topic) {
        List<FunctionDefinition> definitions = new ArrayList<>();
        for (String method : List.of("greet", "record", "refuse", "lookup", "flaky", "broken", "once")) {
            String name = PREFIX + method;
            FunctionDefinition.Builder builder = FunctionDefinition.builder(name, method(method)).target(() -> this);
            if (topic != null) {
                builder.subscription(new FunctionDefinition.Subscription(pubsub, topic,
                        List.of(EventFilter.typeEquals(name))));
            }
            definitions.add(builder.build());
        }
        return definitions;
    }

    private static Method method(String name) {
        try {
            return ConformanceFunctions.class.getMethod(name, Greeting.class, EventContext.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}
