package dev.bindery.internal.security;

import dev.bindery.security.Caller;

/** What an {@link Authenticator} made of a token. */
public sealed interface Authentication {

    /** The token proves the caller. */
    record Accepted(Caller caller) implements Authentication {
    }

    /**
     * The token is of this authenticator's kind and is not valid.
     *
     * @param reason for the sender and the log: which check failed, never the token or a key
     */
    record Refused(String reason) implements Authentication {
    }

    /** The token is not of this authenticator's kind: the next one may know it. */
    record Unrecognised() implements Authentication {
    }

    Authentication UNRECOGNISED = new Unrecognised();
}
