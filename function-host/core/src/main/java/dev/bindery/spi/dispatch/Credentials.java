package dev.bindery.spi.dispatch;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;

import dev.bindery.security.Caller;

/**
 * What a transport saw of an event's sender, handed to the {@link Dispatcher} with the event for the security stage
 * to verify. Transports never decide who a caller is from the event itself: they pass the credential presented next
 * to it (an HTTP header, a Kafka record header, a queue message's attribute), or a caller they verified themselves
 * (the application's own in-process events, an API Gateway authorizer).
 */
public sealed interface Credentials {

    /** The standard header: {@code Authorization: Bearer <token>}. */
    String AUTHORIZATION = "authorization";
    /** Bindery's API token header. */
    String API_TOKEN = "bindery-api-token";
    /** Dapr's API token header, accepted for drop-in Dapr clients. */
    String DAPR_API_TOKEN = "dapr-api-token";

    /** Nothing was presented. */
    record None() implements Credentials {
    }

    /**
     * A token was presented: an API token, a JWT or an app token.
     *
     * @param token the token, never logged
     * @param carrier where it came from ({@value #AUTHORIZATION}, {@value #API_TOKEN} or {@value #DAPR_API_TOKEN})
     */
    record Token(String token, String carrier) implements Credentials {
        public Token {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(carrier, "carrier");
        }

        @Override
        public String toString() {
            return "Token[carrier=" + carrier + "]";
        }
    }

    /**
     * Something was presented that is no credential (an {@code Authorization} header of another scheme, a bearer
     * without a token, two different tokens). Answered as unauthenticated, never as a failure.
     *
     * @param problem what is wrong, without the presented value
     */
    record Malformed(String problem) implements Credentials {
    }

    /** A caller the transport verified itself. */
    record Verified(Caller caller) implements Credentials {
        public Verified {
            Objects.requireNonNull(caller, "caller");
        }
    }

    /** @return nothing presented */
    static Credentials none() {
        return NONE;
    }

    /** @return a caller the transport verified */
    static Credentials verified(Caller caller) {
        return new Verified(caller);
    }

    /**
     * Reads the credential of a message whose headers follow HTTP's names: {@value #AUTHORIZATION} with the
     * {@code Bearer} scheme, else {@value #API_TOKEN}, else {@value #DAPR_API_TOKEN}. Two headers with different tokens
     * are malformed.
     *
     * @param header a header's value by its lower-case name, null when absent
     */
    static Credentials fromHeaders(UnaryOperator<String> header) {
        String authorization = header.apply(AUTHORIZATION);
        Credentials found = NONE;
        if (authorization != null) {
            found = bearer(authorization);
            if (found instanceof Malformed) {
                return found;
            }
        }
        for (String carrier : new String[]{API_TOKEN, DAPR_API_TOKEN}) {
            String value = header.apply(carrier);
            if (value == null) {
                continue;
            }
            String token = value.strip();
            if (token.isEmpty()) {
                return new Malformed("The " + carrier + " header is empty");
            }
            if (found instanceof Token other && !other.token().equals(token)) {
                return new Malformed("The " + other.carrier() + " and " + carrier + " headers carry different tokens");
            }
            if (found == NONE) {
                found = new Token(token, carrier);
            }
        }
        return found;
    }

    private static Credentials bearer(String authorization) {
        String value = authorization.strip();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        if (!scheme.toLowerCase(Locale.ROOT).equals("bearer")) {
            return new Malformed(scheme.isEmpty()
                    ? "The Authorization header is empty"
                    : "The Authorization header's scheme is not Bearer");
        }
        String token = space < 0 ? "" : value.substring(space + 1).strip();
        if (token.isEmpty() || token.indexOf(' ') >= 0) {
            return new Malformed("The Authorization header's Bearer scheme needs exactly one token");
        }
        return new Token(token, AUTHORIZATION);
    }

    /**
     * @param name a header's or message attribute's name, in any case
     * @return whether it carries a credential ({@value #AUTHORIZATION}, {@value #API_TOKEN} or {@value #DAPR_API_TOKEN}):
     *         what a transport leaves out of anything it keeps or forwards, such as a dead letter's copy of a message
     */
    static boolean carriesCredential(String name) {
        return name != null && CARRIERS.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Nothing presented. */
    None NONE = new None();

    /** The names of the headers that carry a credential, in lower case. */
    List<String> CARRIERS = List.of(AUTHORIZATION, API_TOKEN, DAPR_API_TOKEN);
}
