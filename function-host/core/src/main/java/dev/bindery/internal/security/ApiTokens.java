package dev.bindery.internal.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.bindery.security.Caller;

/**
 * The named API tokens valid now. Several can be valid at once, each with an optional expiry, so a token is rotated
 * with overlap: add the new one, move clients, let the old one expire or remove it. {@link #replace} swaps the whole
 * set atomically (when a referenced secret rotates). Tokens are compared by SHA-256 digest in constant time, always
 * against every token, so neither a token's length nor which one matched shows in the time taken.
 */
public final class ApiTokens implements Authenticator {

    /** One named token. */
    public record Token(String name, String value, Instant expires) {
        public Token {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (value.isBlank()) {
                throw new IllegalArgumentException("API token '" + name + "' is empty");
            }
        }

        @Override
        public String toString() {
            return "Token[name=" + name + ", expires=" + expires + "]";
        }
    }

    private record Entry(String name, byte[] digest, Instant expires) {
    }

    /** One digest per thread: looking the algorithm up is most of the cost of a token check. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    });

    private final Clock clock;
    private volatile Entry[] entries = new Entry[0];

    public ApiTokens(Clock clock) {
        this.clock = clock;
    }

    /** Makes these the valid tokens, in one step. */
    public void replace(List<Token> tokens) {
        entries = tokens.stream().map(token -> new Entry(token.name(), digest(token.value()), token.expires()))
                .toArray(Entry[]::new);
    }

    /** @return the names of the tokens configured now (expired ones included) */
    public Set<String> names() {
        return java.util.Arrays.stream(entries).map(Entry::name).collect(java.util.stream.Collectors.toSet());
    }

    @Override
    public Authentication authenticate(String token) {
        byte[] presented = digest(token);
        Entry matched = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(presented, entry.digest) && matched == null) {
                matched = entry;
            }
        }
        if (matched == null) {
            return Authentication.UNRECOGNISED;
        }
        if (matched.expires != null && !clock.instant().isBefore(matched.expires)) {
            return new Authentication.Refused("The API token has expired");
        }
        return new Authentication.Accepted(new Caller(Caller.Kind.TOKEN, matched.name, Set.of()));
    }

    private static byte[] digest(String value) {
        return SHA256.get().digest(value.getBytes(StandardCharsets.UTF_8));
    }

}
