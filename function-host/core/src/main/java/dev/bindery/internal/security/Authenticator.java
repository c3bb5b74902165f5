package dev.bindery.internal.security;

/**
 * Verifies one kind of bearer token (API tokens, app tokens, JWTs). Called on the dispatching thread, possibly an event
 * loop: it must not block once started (keys are fetched ahead). Thread-safe.
 */
public interface Authenticator {

    /**
     * @param token the presented token, never logged
     * @return accepted with the caller, refused with the reason, or unrecognised when the token is not of this kind
     */
    Authentication authenticate(String token);
}
