package dev.bindery.state.infinispan;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.AuthorizeCallback;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;

import org.infinispan.server.core.security.sasl.SaslAuthenticator;
import org.infinispan.server.hotrod.configuration.HotRodServerConfigurationBuilder;
import org.wildfly.security.auth.callback.EvidenceVerifyCallback;
import org.wildfly.security.evidence.PasswordGuessEvidence;
import org.wildfly.security.sasl.plain.PlainSaslServerFactory;

/**
 * SASL {@code PLAIN} (Elytron's server, as in Infinispan Server) against a properties file of {@code user=password},
 * read again at each login: an operator changes a password by rewriting the file while the server runs. Connections
 * that logged in before keep working; a new one needs the password the file holds then. Each login's outcome is printed
 * as {@code hotrod login <user> accepted} or {@code … refused}.
 */
final class UsersFileAuthenticator implements SaslAuthenticator {

    static final String MECHANISM = "PLAIN";

    private final Path users;

    private UsersFileAuthenticator(Path users) {
        this.users = users;
    }

    /** @return the server configuration that requires a login checked against this file */
    static Consumer<HotRodServerConfigurationBuilder> requiring(Path users) {
        return config -> config.authentication().enable().sasl().authenticator(new UsersFileAuthenticator(users))
                .serverName("localhost").addAllowedMech(MECHANISM);
    }

    @Override
    public SaslServer createSaslServer(String mechanism, List<Principal> principals, String protocol,
            String serverName, Map<String, String> props) throws SaslException {
        Map<String, String> plain = new HashMap<>(props);
        plain.remove(Sasl.POLICY_NOPLAINTEXT);
        return new PlainSaslServerFactory().createSaslServer(mechanism, protocol, serverName, plain, callbacks -> {
            String user = null;
            for (Callback callback : callbacks) {
                if (callback instanceof NameCallback name) {
                    user = name.getDefaultName();
                } else if (callback instanceof EvidenceVerifyCallback verify
                        && verify.getEvidence() instanceof PasswordGuessEvidence guess) {
                    String expected = password(user);
                    boolean accepted = expected != null && expected.equals(new String(guess.getGuess()));
                    verify.setVerified(accepted);
                    System.out.println("hotrod login " + user + (accepted ? " accepted" : " refused"));
                } else if (callback instanceof AuthorizeCallback authorize) {
                    authorize.setAuthorized(authorize.getAuthenticationID().equals(authorize.getAuthorizationID()));
                } else {
                    throw new UnsupportedCallbackException(callback);
                }
            }
        });
    }

    /** @return the user's password as the file holds it now, or null for a user it does not name */
    private String password(String user) {
        Properties current = new Properties();
        try (Reader reader = Files.newBufferedReader(users, StandardCharsets.UTF_8)) {
            current.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return current.getProperty(user);
    }
}
