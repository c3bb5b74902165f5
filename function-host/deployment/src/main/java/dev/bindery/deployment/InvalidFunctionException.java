package dev.bindery.deployment;

import java.util.List;

/** Fails the build: one or more {@code @Funq} methods cannot be hosted. Lists every problem with its fix. */
public class InvalidFunctionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidFunctionException(List<String> problems) {
        super("Bindery cannot host " + (problems.size() == 1 ? "a function" : problems.size() + " functions") + ":\n - "
                + String.join("\n - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** @return one message per problem, each naming the method and the fix */
    public List<String> problems() {
        return problems;
    }
}
