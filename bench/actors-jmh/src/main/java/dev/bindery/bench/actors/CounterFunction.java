package dev.bindery.bench.actors;

import java.util.Optional;

import dev.bindery.state.ETagMismatchException;
import dev.bindery.state.SaveOptions;
import dev.bindery.state.StateItem;
import dev.bindery.state.StateStore;

/**
 * The counter as a user would write it without actors: a plain function that reads the count from the state store and
 * saves it back on the condition that nobody wrote it meanwhile (its ETag, or insert-only the first time), trying again
 * when someone did.
 */
public class CounterFunction {

    /** Which counter to add to, and how much. */
    public record Increment(String id, int by) {
    }

    private final StateStore store;

    CounterFunction(StateStore store) {
        this.store = store;
    }

    public int counterIncrement(Increment increment) {
        String key = "counter-" + increment.id();
        while (true) {
            Optional<StateItem> current = store.get(key);
            int value = current.map(item -> item.value(Integer.class)).orElse(0) + increment.by();
            try {
                store.save(key, value, current.map(item -> SaveOptions.ifMatch(item.etag()))
                        .orElse(SaveOptions.ifAbsent()));
                return value;
            } catch (ETagMismatchException conflict) {
                // another call saved it first: read it again
            }
        }
    }
}
