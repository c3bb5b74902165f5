package dev.bindery.runtime.internal;

import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;

import dev.bindery.internal.security.Authentication;
import dev.bindery.internal.security.Authenticator;
import dev.bindery.runtime.BinderyConfig;
import dev.bindery.security.Caller;

/**
 * JWT bearer tokens from an identity provider (OIDC): the signature is checked against the JWKS (fetched by SmallRye
 * JWT, cached and refreshed; a key the provider rotated in is fetched when first seen), then the issuer, the audience
 * and the expiry. The caller is the token's subject with the groups of the configured claim. Public for
 * {@code bench/pipeline-jmh}, which measures it in the security stage.
 */
public final class JwtAuthenticator implements Authenticator {

    private final DefaultJWTParser parser;

    /** @param config the JWT settings, with {@code jwks} set */
    public JwtAuthenticator(BinderyConfig.Jwt config) {
        JWTAuthContextInfo info = new JWTAuthContextInfo(config.jwks().orElseThrow(), config.issuer().orElse(null));
        config.audiences().ifPresent(audiences -> info.setExpectedAudience(Set.copyOf(audiences)));
        info.setGroupsPath(config.groupsClaim());
        info.setClockSkew((int) config.clockSkew().toSeconds());
        info.setJwksRefreshInterval((int) Math.max(1, config.jwksRefresh().toMinutes()));
        // identity providers sign with RSA or EC keys; the parser would accept RS256 alone (never "none" or HMAC here:
        // a JWKS holds public keys)
        info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256, SignatureAlgorithm.RS384, SignatureAlgorithm.RS512,
                SignatureAlgorithm.PS256, SignatureAlgorithm.PS384, SignatureAlgorithm.PS512, SignatureAlgorithm.ES256,
                SignatureAlgorithm.ES384, SignatureAlgorithm.ES512));
        this.parser = new DefaultJWTParser(info);
    }

    @Override
    public Authentication authenticate(String token) {
        if (!looksLikeJwt(token)) {
            return Authentication.UNRECOGNISED;
        }
        try {
            JsonWebToken jwt = parser.parse(token);
            String subject = jwt.getSubject() != null ? jwt.getSubject() : jwt.getName();
            if (subject == null) {
                return new Authentication.Refused("The JWT names no subject");
            }
            return new Authentication.Accepted(new Caller(Caller.Kind.JWT, subject, jwt.getGroups()));
        } catch (ParseException | RuntimeException e) {
            return new Authentication.Refused("The JWT is not valid: " + why(e));
        }
    }

    /** @return true for the compact serialization of a JWS: three base64url parts */
    static boolean looksLikeJwt(String token) {
        int first = token.indexOf('.');
        int second = first > 0 ? token.indexOf('.', first + 1) : -1;
        return second > first + 1 && token.indexOf('.', second + 1) < 0;
    }

    /** @return which check failed, in words that name neither the token nor a key */
    static String why(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof InvalidJwtException invalid) {
                if (invalid.hasExpired()) {
                    return "it has expired";
                }
                if (invalid.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || invalid.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
                    return "its audience is not accepted";
                }
                if (invalid.hasErrorCode(ErrorCodes.ISSUER_INVALID) || invalid.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
                    return "its issuer is not accepted";
                }
                if (invalid.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
                    return "its signature does not verify";
                }
                if (invalid.hasErrorCode(ErrorCodes.NOT_YET_VALID)
                        || invalid.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE)) {
                    return "it is not valid yet";
                }
                if (invalid.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)) {
                    return "it has no expiry";
                }
            }
            if (cause.getClass().getSimpleName().contains("UnresolvableKey")) {
                return "no key of the identity provider matches it";
            }
        }
        return "it could not be verified";
    }
}
