package dev.bindery.cli;

/**
 * The exit codes of the {@code bindery} command, so scripts can tell outcomes apart. HTTP answers map as the
 * host's service invocation maps them (see {@link #forStatus(int)}).
 */
public final class ExitCodes {

    /** The command did what was asked (an event was answered 2xx). */
    public static final int SUCCESS = 0;
    /** Bad input the command found itself (a missing file, data that is not JSON), or an external tool failed. */
    public static final int ERROR = 1;
    /** The command line itself is wrong (picocli's usage error). */
    public static final int USAGE = 2;
    /** The app refused the request: 4xx other than 404 and 429 (invalid event, rejected, unauthenticated, denied). */
    public static final int REJECTED = 3;
    /** The app has nothing there: 404 (no function matches, not found, no such key). */
    public static final int NOT_FOUND = 4;
    /** The app failed: 5xx other than 502, 503 and 504 (the function threw, the host failed). */
    public static final int FAILED = 5;
    /** The app could not be reached or is unavailable: connection refused, timeout, 429, 502, 503, 504. */
    public static final int UNREACHABLE = 6;

    private ExitCodes() {
    }

    /** @return the exit code for an HTTP status the app answered */
    public static int forStatus(int status) {
        if (status >= 200 && status < 300) {
            return SUCCESS;
        }
        if (status == 404) {
            return NOT_FOUND;
        }
        if (status == 429 || status == 502 || status == 503 || status == 504) {
            return UNREACHABLE;
        }
        if (status >= 400 && status < 500) {
            return REJECTED;
        }
        return FAILED;
    }
}
