package dev.bindery.state.infinispan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.util.List;
import java.util.Map;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.AuthorizeCallback;
import javax.security.sasl.RealmCallback;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;

import org.infinispan.server.core.security.sasl.SaslAuthenticator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.internal.state.KeyScope;
import dev.bindery.internal.state.ScopedStateStore;
import dev.bindery.spi.state.StateBackend;
import dev.bindery.spi.state.StoreSettings;
import dev.bindery.state.StateStore;

/**
 * The remote store authenticates with the credentials in its configuration; wrong ones are refused, and a password
 * changed on the server is needed by new connections.
 */
class RemoteCredentialsTest {

    private static final String USER = "bindery";
    private static final String PASSWORD = "s3cret";

    /** Checks DIGEST-MD5 logins against the one user of this test, with the JDK's SASL server. */
    private static final SaslAuthenticator ONE_USER = new SaslAuthenticator() {
        @Override
        public SaslServer createSaslServer(String mechanism, List<Principal> principals, String protocol,
                String serverName, Map<String, String> props) throws SaslException {
            Map<String, String> realm = new java.util.HashMap<>(props);
            realm.put("com.sun.security.sasl.digest.realm", "bindery");
            return Sasl.createSaslServer(mechanism, protocol, serverName, realm, callbacks -> {
                String name = null;
                for (Callback callback : callbacks) {
                    if (callback instanceof NameCallback nameCallback) {
                        name = nameCallback.getDefaultName();
                    } else if (callback instanceof PasswordCallback passwordCallback) {
                        passwordCallback.setPassword(USER.equals(name) ? PASSWORD.toCharArray() : new char[0]);
                    } else if (callback instanceof RealmCallback realmCallback) {
                        realmCallback.setText(realmCallback.getDefaultText());
                    } else if (callback instanceof AuthorizeCallback authorize) {
                        authorize.setAuthorized(authorize.getAuthenticationID().equals(authorize.getAuthorizationID()));
                    } else {
                        throw new UnsupportedCallbackException(callback);
                    }
                }
            });
        }
    };

    @Test
    void theStoreLogsInWithItsCredentialsAndWrongOnesAreRefused() {
        try (HotRodTestServer server = HotRodTestServer.start(config -> config.authentication().enable().sasl()
                .authenticator(ONE_USER).serverName("localhost").addAllowedMech("DIGEST-MD5"))) {
            Map<String, String> options = Map.of("mode", "remote", "cache-name", HotRodTestServer.CACHE,
                    "hotrod.servers", server.address(), "hotrod.username", USER, "hotrod.password", PASSWORD,
                    "hotrod.sasl-mechanism", "DIGEST-MD5", "hotrod.server-name", "localhost", "hotrod.realm", "bindery");
            try (StateBackend backend = new InfinispanStateStoreProvider().open(new StoreSettings("secured", options))) {
                StateStore store = new ScopedStateStore("secured", backend, KeyScope.prefixed("app"),
                        ScopedStateStore.Limits.DEFAULT, new ObjectMapper());
                store.save("k", "v");
                assertThat(store.get("k").orElseThrow().value(String.class)).isEqualTo("v");
            }
            Map<String, String> wrong = new java.util.HashMap<>(options);
            wrong.put("hotrod.password", "guess");
            assertThatThrownBy(() -> {
                try (StateBackend backend = new InfinispanStateStoreProvider().open(new StoreSettings("secured", wrong))) {
                    backend.get("app||k");
                }
            }).isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void aPasswordChangedOnTheServerIsNeededByNewConnectionsWhileOpenOnesGoOn(@TempDir Path dir) throws Exception {
        Path users = dir.resolve("users.properties");
        Files.writeString(users, USER + "=" + PASSWORD + "\n");
        try (HotRodTestServer server = HotRodTestServer.start(UsersFileAuthenticator.requiring(users));
                StateBackend connected = plain(server, PASSWORD)) {
            connected.put("app||before", new byte[]{1}, null, false, null);

            Files.writeString(users, USER + "=changed\n");

            connected.put("app||after", new byte[]{2}, null, false, null);
            assertThat(connected.get("app||after")).isPresent();
            assertThatThrownBy(() -> {
                try (StateBackend old = plain(server, PASSWORD)) {
                    old.get("app||before");
                }
            }).isInstanceOf(RuntimeException.class);
            try (StateBackend renewed = plain(server, "changed")) {
                assertThat(renewed.get("app||before")).isPresent();
            }
        }
    }

    /** @return a store's engine logging in with SASL PLAIN as the test's user, with this password */
    private static StateBackend plain(HotRodTestServer server, String password) {
        return new InfinispanStateStoreProvider().open(new StoreSettings("secured", Map.of("mode", "remote",
                "cache-name", HotRodTestServer.CACHE, "hotrod.servers", server.address(), "hotrod.username", USER,
                "hotrod.password", password, "hotrod.sasl-mechanism", UsersFileAuthenticator.MECHANISM)));
    }
}
