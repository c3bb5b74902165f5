package @package@;

import jakarta.inject.Inject;

import io.quarkus.funqy.Funq;

import dev.bindery.function.EventRejectedException;
import dev.bindery.function.OnEvent;
import dev.bindery.function.ReplyWith;
import dev.bindery.state.ETagMismatchException;
import dev.bindery.state.SaveOptions;
import dev.bindery.state.StateItem;
import dev.bindery.state.StateStore;

/**
 * The application's first function: it greets whoever a {@code @groupId@.greet} event names, and counts each name's
 * greetings in state.
 */
public class Greeter {

    /** The data of a {@code @groupId@.greet} event. */
    public record Greeting(String name) {
    }

    /** The data of the reply, a {@code @groupId@.greeted} event: the greeting, and how often this name was greeted. */
    public record Reply(String message, long greetings) {
    }

    /** The "default" store: embedded Infinispan, persisted under bindery-data/default (application.properties). */
    @Inject
    StateStore state;

    @Funq
    @OnEvent(type = "@groupId@.greet")
    @ReplyWith(type = "@groupId@.greeted")
    public Reply greet(Greeting greeting) {
        if (greeting == null || greeting.name() == null || greeting.name().isBlank()) {
            // a 422 problem, never retried
            throw new EventRejectedException("Give a name: {\"name\": \"Ada\"}");
        }
        String key = "greetings/" + greeting.name();
        while (true) {
            StateItem current = state.get(key).orElse(null);
            long greetings = current == null ? 1 : current.value(Long.class) + 1;
            try {
                // optimistic concurrency: concurrent greetings of one name never lose a count
                state.save(key, greetings, current == null ? SaveOptions.ifAbsent() : SaveOptions.ifMatch(current.etag()));
                return new Reply("Hello, " + greeting.name() + "!", greetings);
            } catch (ETagMismatchException concurrentGreeting) {
                // another greeting of this name saved first: read its count and try again
            }
        }
    }
}
