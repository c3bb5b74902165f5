package dev.bindery.examples.security;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Set;

import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;

/**
 * A third-party identity provider: a key pair generated here, its public key served as a JWKS by WireMock, and JWTs
 * signed with it (or, for the bad-signature case, with a key it never published).
 */
final class IdentityProvider implements AutoCloseable {

    static final String ISSUER = "https://idp.test";
    static final String AUDIENCE = "bindery-examples";
    static final String KEY_ID = "idp-1";

    static final String EC_KEY_ID = "idp-ec-1";

    private final KeyPair keys = generate("RSA", 2048);
    private final KeyPair impostor = generate("RSA", 2048);
    private final KeyPair ecKeys = generate("EC", 256);
    private final WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort()
            .bindAddress("127.0.0.1"));

    IdentityProvider() {
        server.start();
        RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) keys.getPublic());
        jwk.setKeyId(KEY_ID);
        jwk.setAlgorithm("RS256");
        jwk.setUse("sig");
        EllipticCurveJsonWebKey ec = new EllipticCurveJsonWebKey((ECPublicKey) ecKeys.getPublic());
        ec.setKeyId(EC_KEY_ID);
        ec.setAlgorithm("ES256");
        ec.setUse("sig");
        server.stubFor(WireMock.get("/jwks.json").willReturn(WireMock.okJson(new JsonWebKeySet(jwk, ec).toJson())));
    }

    /** @return where the JWKS is served */
    String jwksUrl() {
        return server.baseUrl() + "/jwks.json";
    }

    /** @return a valid token for the subject, in the groups */
    String token(String subject, Set<String> groups) {
        return sign(subject, groups, ISSUER, AUDIENCE, Instant.now().plusSeconds(300), keys.getPrivate());
    }

    /** @return a valid token signed with the provider's EC key (ES256) */
    String ecToken(String subject, Set<String> groups) {
        return Jwt.issuer(ISSUER).subject(subject).audience(AUDIENCE).groups(groups).expiresIn(300).jws()
                .algorithm(SignatureAlgorithm.ES256).keyId(EC_KEY_ID).sign(ecKeys.getPrivate());
    }

    String withAudience(String audience) {
        return sign("alice", Set.of(), ISSUER, audience, Instant.now().plusSeconds(300), keys.getPrivate());
    }

    String withIssuer(String issuer) {
        return sign("alice", Set.of(), issuer, AUDIENCE, Instant.now().plusSeconds(300), keys.getPrivate());
    }

    String expired() {
        return sign("alice", Set.of(), ISSUER, AUDIENCE, Instant.now().minusSeconds(600), keys.getPrivate());
    }

    String signedByAnImpostor() {
        return sign("alice", Set.of("admins"), ISSUER, AUDIENCE, Instant.now().plusSeconds(300),
                impostor.getPrivate());
    }

    private static String sign(String subject, Set<String> groups, String issuer, String audience, Instant expires,
            PrivateKey key) {
        return Jwt.issuer(issuer).subject(subject).audience(audience).groups(groups)
                .issuedAt(expires.minusSeconds(900)).expiresAt(expires).jws().keyId(KEY_ID).sign(key);
    }

    private static KeyPair generate(String algorithm, int size) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(size);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
