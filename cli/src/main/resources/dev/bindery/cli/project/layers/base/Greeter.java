package @package@;

import io.quarkus.funqy.Funq;

import dev.bindery.function.EventRejectedException;
import dev.bindery.function.OnEvent;
import dev.bindery.function.ReplyWith;

/** The application's first function: it greets whoever a {@code @groupId@.greet} event names. */
public class Greeter {

    /** The data of a {@code @groupId@.greet} event. */
    public record Greeting(String name) {
    }

    /** The data of the reply, a {@code @groupId@.greeted} event. */
    public record Reply(String message) {
    }

    @Funq
    @OnEvent(type = "@groupId@.greet")
    @ReplyWith(type = "@groupId@.greeted")
    public Reply greet(Greeting greeting) {
        if (greeting == null || greeting.name() == null || greeting.name().isBlank()) {
            // a 422 problem, never retried
            throw new EventRejectedException("Give a name: {\"name\": \"Ada\"}");
        }
        return new Reply("Hello, " + greeting.name() + "!");
    }
}
