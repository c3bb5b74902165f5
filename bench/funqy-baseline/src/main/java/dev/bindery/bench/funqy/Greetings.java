package dev.bindery.bench.funqy;

import io.quarkus.funqy.Funq;

/** The example {@code greet} function, on plain Funqy. */
public class Greetings {

    /** Who to greet. */
    public static class Greeting {
        private String name;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }
    }

    /** The reply. */
    public static class Message {
        private String message;

        public Message() {
        }

        public Message(String message) {
            this.message = message;
        }

        public String getMessage() {
            return message;
        }

        public void setMessage(String message) {
            this.message = message;
        }
    }

    @Funq
    public Message greet(Greeting greeting) {
        String name = greeting == null || greeting.getName() == null || greeting.getName().isBlank()
                ? "World"
                : greeting.getName();
        return new Message("Hello, " + name + "!");
    }
}
