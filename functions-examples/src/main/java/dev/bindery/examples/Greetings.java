package dev.bindery.examples;

import io.quarkus.funqy.Funq;
import io.smallrye.common.annotation.NonBlocking;

/** The smallest function: routed by Funqy's default (event type {@code greet}), replying {@code greet.output}. */
public class Greetings {

    /** Pure computation, so it runs on the event loop and skips the hop to a worker thread. */
    @Funq
    @NonBlocking
    public Message greet(Greeting greeting) {
        String name = greeting == null || greeting.getName() == null || greeting.getName().isBlank()
                ? "World"
                : greeting.getName();
        return new Message("Hello, " + name + "!");
    }
}
