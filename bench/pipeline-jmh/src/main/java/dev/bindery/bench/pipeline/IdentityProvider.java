package dev.bindery.bench.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;

import com.sun.net.httpserver.HttpServer;

import io.smallrye.jwt.build.Jwt;

import dev.bindery.runtime.BinderyConfig;

/**
 * An OIDC identity provider on loopback: an RS256 key pair (2048 bits) generated here, its public key served as a
 * JWKS by a JDK HTTP server, which counts its fetches, and JWTs signed with the private key.
 */
final class IdentityProvider implements AutoCloseable {

    static final String ISSUER = "https://idp.bench";
    static final String AUDIENCE = "bindery-bench";
    private static final String KEY_ID = "bench-1";

    private final KeyPair keys;
    private final HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();

    IdentityProvider() throws IOException, NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) keys.getPublic());
        jwk.setKeyId(KEY_ID);
        jwk.setAlgorithm("RS256");
        jwk.setUse("sig");
        byte[] jwks = new JsonWebKeySet(jwk).toJson().getBytes(UTF_8);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jwks.json", exchange -> {
            fetches.incrementAndGet();
            exchange.getResponseHeaders().set("content-type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(jwks);
            }
        });
        server.start();
    }

    /** @return the host's JWT settings for this provider, as {@code bindery.security.jwt.*} would give them */
    BinderyConfig.Jwt config() {
        String jwks = "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
        return new BinderyConfig.Jwt() {
            @Override
            public Optional<String> jwks() {
                return Optional.of(jwks);
            }

            @Override
            public Optional<String> issuer() {
                return Optional.of(ISSUER);
            }

            @Override
            public Optional<List<String>> audiences() {
                return Optional.of(List.of(AUDIENCE));
            }

            @Override
            public String groupsClaim() {
                return "groups";
            }

            @Override
            public Duration clockSkew() {
                return Duration.ofSeconds(60);
            }

            @Override
            public Duration jwksRefresh() {
                return Duration.ofMinutes(10);
            }
        };
    }

    /** @return a token for the subject in the groups, valid for an hour */
    String token(String subject, Set<String> groups) {
        Instant now = Instant.now();
        return Jwt.issuer(ISSUER).subject(subject).audience(AUDIENCE).groups(groups).issuedAt(now)
                .expiresAt(now.plus(Duration.ofHours(1))).jws().keyId(KEY_ID).sign(keys.getPrivate());
    }

    /** @return how many times the JWKS was fetched */
    int fetches() {
        return fetches.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
