package dev.bindery.cli;

/**
 * Ends a command with a message for the user (printed to standard error, prefixed by {@code bindery:}) and an exit
 * code from {@link ExitCodes}.
 */
public final class CliException extends RuntimeException {

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** @return a code of {@link ExitCodes} */
    public int exitCode() {
        return exitCode;
    }
}
