package dev.bindery.bench.pipeline;

/** The example application's {@code greet}, repeated here so the benchmark does not depend on the examples. */
public class Greetings {

    /** The input. */
    public static class Greeting {
        private String name;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }
    }

    /** The output. */
    public record Message(String message) {
    }

    public Message greet(Greeting greeting) {
        String name = greeting == null || greeting.getName() == null || greeting.getName().isBlank()
                ? "World"
                : greeting.getName();
        return new Message("Hello, " + name + "!");
    }
}
