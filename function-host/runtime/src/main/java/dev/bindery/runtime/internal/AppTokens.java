package dev.bindery.runtime.internal;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

import dev.bindery.internal.security.Authentication;
import dev.bindery.internal.security.Authenticator;
import dev.bindery.security.Caller;
import dev.bindery.spi.dispatch.Credentials;
import dev.bindery.spi.invocation.CallerCredentials;

/**
 * Service-to-service identity. A calling application signs, for each attempt of a service invocation, a short-lived
 * JWT with its private key: issuer, subject and key id are its app id, the audience is the callee's app id, and a
 * random {@code jti} makes it single-use. The callee verifies it with the caller's public key (trusted by
 * configuration), checks the audience is itself and the expiry, and remembers each {@code jti} until the token expires
 * so that a token is accepted once: a captured token cannot be replayed.
 */
final class AppTokens {

    private AppTokens() {
    }

    /** @return the key read from PEM, with a message naming the option (never the key) when it is not one */
    static PrivateKey privateKey(String pem, String option) {
        try {
            return KeyUtils.decodePrivateKey(pem, algorithmOf(pem));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException(option + " is not a PKCS#8 PEM private key (RSA or EC)");
        }
    }

    /** @return the key read from PEM, with a message naming the option (never the key) when it is not one */
    static PublicKey publicKey(String pem, String option) {
        for (SignatureAlgorithm algorithm : new SignatureAlgorithm[]{SignatureAlgorithm.RS256,
                SignatureAlgorithm.ES256}) {
            try {
                return KeyUtils.decodePublicKey(pem, algorithm);
            } catch (GeneralSecurityException | RuntimeException notThisOne) {
                // try the next key type
            }
        }
        throw new IllegalArgumentException(option + " is not a PEM public key (RSA or EC)");
    }

    private static SignatureAlgorithm algorithmOf(String pem) {
        try {
            KeyUtils.decodePrivateKey(pem, SignatureAlgorithm.RS256);
            return SignatureAlgorithm.RS256;
        } catch (GeneralSecurityException | RuntimeException notRsa) {
            return SignatureAlgorithm.ES256;
        }
    }

    /** Signs the caller's token on every attempt of a service invocation. */
    static final class Signer implements CallerCredentials {
        private final String appId;
        private final PrivateKey key;
        private final SignatureAlgorithm algorithm;
        private final Duration ttl;

        Signer(String appId, PrivateKey key, Duration ttl) {
            this.appId = appId;
            this.key = key;
            this.algorithm = key instanceof ECKey ? SignatureAlgorithm.ES256 : SignatureAlgorithm.RS256;
            this.ttl = ttl;
        }

        /** @return a new token for one call to the app */
        String token(String callee) {
            return Jwt.issuer(appId).subject(appId).audience(callee).expiresIn(ttl)
                    .claim("jti", UUID.randomUUID().toString()).jws().algorithm(algorithm).keyId(appId).sign(key);
        }

        @Override
        public Map<String, String> headers(String callee, String function) {
            return Map.of(Credentials.AUTHORIZATION, "Bearer " + token(callee));
        }
    }

    /** Verifies the tokens of the trusted applications. */
    static final class Verifier implements Authenticator {
        private final Map<String, DefaultJWTParser> parsers = new HashMap<>();
        private final Cache<String, Long> seen;

        /**
         * @param appId this application: the audience every token must name
         * @param trusted the public key of each trusted app id
         */
        Verifier(String appId, Map<String, PublicKey> trusted, Duration clockSkew) {
            trusted.forEach((caller, key) -> {
                JWTAuthContextInfo info = new JWTAuthContextInfo(key, caller);
                // the parser accepts RS256 only unless told otherwise: an EC key signs ES256 (as the Signer does)
                info.setSignatureAlgorithm(java.util.Set.of(key instanceof ECKey
                        ? SignatureAlgorithm.ES256
                        : SignatureAlgorithm.RS256));
                info.setExpectedAudience(java.util.Set.of(appId));
                info.setClockSkew((int) clockSkew.toSeconds());
                info.setRequiredClaims(java.util.Set.of("jti", "exp"));
                parsers.put(caller, new DefaultJWTParser(info));
            });
            long skew = clockSkew.toNanos();
            this.seen = Caffeine.newBuilder().expireAfter(new Expiry<String, Long>() {
                @Override
                public long expireAfterCreate(String jti, Long expiresAt, long now) {
                    return Math.max(0, expiresAt * 1_000_000_000L - System.currentTimeMillis() * 1_000_000L) + skew;
                }

                @Override
                public long expireAfterUpdate(String jti, Long expiresAt, long now, long current) {
                    return current;
                }

                @Override
                public long expireAfterRead(String jti, Long expiresAt, long now, long current) {
                    return current;
                }
            }).build();
        }

        @Override
        public Authentication authenticate(String token) {
            if (parsers.isEmpty() || !JwtAuthenticator.looksLikeJwt(token)) {
                return Authentication.UNRECOGNISED;
            }
            String caller;
            try {
                JsonWebSignature header = new JsonWebSignature();
                header.setCompactSerialization(token);
                caller = header.getKeyIdHeaderValue();
            } catch (JoseException | RuntimeException e) {
                return Authentication.UNRECOGNISED;
            }
            DefaultJWTParser parser = caller == null ? null : parsers.get(caller);
            if (parser == null) {
                return Authentication.UNRECOGNISED;
            }
            JsonWebToken jwt;
            try {
                jwt = parser.parse(token);
            } catch (ParseException | RuntimeException e) {
                return new Authentication.Refused("The app token is not valid: " + JwtAuthenticator.why(e));
            }
            if (!caller.equals(jwt.getSubject())) {
                return new Authentication.Refused("The app token's subject is not its issuer");
            }
            if (seen.asMap().putIfAbsent(jwt.getTokenID(), jwt.getExpirationTime()) != null) {
                return new Authentication.Refused("The app token was already used");
            }
            return new Authentication.Accepted(Caller.app(caller));
        }
    }
}
