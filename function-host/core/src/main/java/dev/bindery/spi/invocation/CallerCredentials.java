package dev.bindery.spi.invocation;

import java.util.Map;

/**
 * The caller's credentials on a service invocation: headers added to every attempt of a call (a bearer token, a
 * signature). The host has none of its own; the security building block provides one, and an application may
 * provide its own as a CDI bean of this type. Called on the thread that makes the attempt: it must not block.
 */
public interface CallerCredentials {

    /**
     * @param appId the callee's app id
     * @param function the function called
     * @return the headers to add; empty for none
     */
    Map<String, String> headers(String appId, String function);
}
