package dev.bindery.security;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who sent an event, as the security stage verified it: an application (by its signed app token, or the application
 * itself for its own in-process events), a named API token, the subject of a JWT, or a principal the transport itself
 * verified (an API Gateway authorizer, an IAM principal). Access policies name callers by {@link #name()} or by one of
 * their {@link #groups()}.
 * <p>
 * A function reads it with {@link dev.bindery.function.EventContext#caller()}. The security stage sets it on the event
 * as the CloudEvents Auth Context extensions {@value #AUTH_TYPE} and {@value #AUTH_ID}; those extensions arriving from
 * outside are removed first, so a caller is only ever what a credential proved.
 *
 * @param kind how the caller was proven
 * @param name the app id, the token's name, the JWT's subject or the principal
 * @param groups the JWT's {@code groups} claim (empty for the other kinds)
 */
public record Caller(Kind kind, String name, Set<String> groups) {

    /** The CloudEvents Auth Context extension naming the kind of principal. */
    public static final String AUTH_TYPE = "authtype";
    /** The CloudEvents Auth Context extension naming the principal. */
    public static final String AUTH_ID = "authid";
    /** The CloudEvents Auth Context extension carrying claims; never set by Bindery, always removed on arrival. */
    public static final String AUTH_CLAIMS = "authclaims";

    public Caller {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        groups = groups == null ? Set.of() : Set.copyOf(groups);
    }

    /** How a caller was proven, and the Auth Context {@code authtype} it is given. */
    public enum Kind {
        /** An application: a verified app token, or the application's own in-process event. */
        APP("service_account"),
        /** A named API token. */
        TOKEN("api_key"),
        /** The subject of a verified JWT (OIDC). */
        JWT("user"),
        /** A principal the transport verified before the event reached the host (Lambda authorizer, IAM). */
        PRINCIPAL("unknown");

        private final String authType;

        Kind(String authType) {
            this.authType = authType;
        }

        /** @return the CloudEvents Auth Context {@code authtype} value */
        public String authType() {
            return authType;
        }

        /** @return the kind whose {@code authtype} and principal prefix match, if any */
        static Optional<Kind> of(String authType) {
            for (Kind kind : values()) {
                if (kind.authType.equals(authType)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    /** @return an application caller */
    public static Caller app(String appId) {
        return new Caller(Kind.APP, appId, Set.of());
    }

    /**
     * @return the value of the {@value #AUTH_ID} extension: the name, prefixed with the kind so that an app id and a
     *         token of the same name are told apart ({@code app:orders}, {@code token:ci}, {@code jwt:alice},
     *         {@code principal:arn:…})
     */
    public String authId() {
        return kind.name().toLowerCase(Locale.ROOT) + ":" + name;
    }

    /**
     * Reads a caller back from its Auth Context extensions (groups are not carried).
     *
     * @return the caller, or empty when the extensions are absent or not Bindery's
     */
    public static Optional<Caller> fromAuthContext(Object authType, Object authId) {
        if (!(authType instanceof String type) || !(authId instanceof String id)) {
            return Optional.empty();
        }
        int colon = id.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String prefix = id.substring(0, colon);
        return Kind.of(type).filter(kind -> kind.name().toLowerCase(Locale.ROOT).equals(prefix))
                .map(kind -> new Caller(kind, id.substring(colon + 1), Set.of()));
    }
}
