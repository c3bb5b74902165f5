package dev.bindery.cli.project;

/** What {@code bindery new} was asked for cannot be generated; the message says what is wrong and how to fix it. */
public class InvalidProjectException extends IllegalArgumentException {

    /** @param message what is wrong, and what to do instead */
    public InvalidProjectException(String message) {
        super(message);
    }
}
