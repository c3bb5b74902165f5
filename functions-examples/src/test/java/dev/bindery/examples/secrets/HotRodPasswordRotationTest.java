package dev.bindery.examples.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.bindery.secrets.SecretRotated;
import dev.bindery.secrets.Secrets;
import dev.bindery.spi.state.StateBackend;
import dev.bindery.spi.state.StoreSettings;
import dev.bindery.state.StateStore;
import dev.bindery.state.Store;
import dev.bindery.state.infinispan.InfinispanStateStoreProvider;

/**
 * A secret reference resolved into a real component: the state store {@code remote} logs in to a Hot Rod server with
 * the password {@code ${secret:local/hotrod#password}} from a file store. When the password changes on the server and
 * then in the file, the host rebuilds the store's Hot Rod client with the new one while writes go on: none is lost,
 * and the writes after it go through new connections that logged in with the new password.
 */
@QuarkusTest
@QuarkusTestResource(value = HotRodCredentials.class, restrictToAnnotatedClass = true)
class HotRodPasswordRotationTest {

    private static final int WRITERS = 4;

    @Inject
    @Store("remote")
    StateStore store;

    @Inject
    Secrets secrets;

    @Inject
    MeterRegistry meters;

    @Test
    void theStoreLogsInWithThePasswordItsReferenceResolvesTo() {
        store.save("logged-in", "yes");

        assertThat(store.get("logged-in").orElseThrow().value(String.class)).isEqualTo("yes");
        assertThat(HotRodCredentials.server.log()).contains("hotrod login bindery accepted");
        assertLoginRefused("not-the-password");
    }

    @Test
    void aRotatedPasswordRebuildsTheClientWhileWritesGoOnAndNoneIsLost() throws Exception {
        String oldPassword = secrets.get("local", "hotrod", "password");
        String newPassword = "rotated-" + UUID.randomUUID();
        store.save("before-rotation", "written");

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger issued = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        List<Future<List<String>>> written = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            written.add(writers.submit(() -> {
                List<String> keys = new ArrayList<>();
                while (!stop.get()) {
                    String key = "event-" + issued.incrementAndGet();
                    store.save(key, key);
                    keys.add(key);
                }
                return keys;
            }));
        }
        try {
            Await.until("writes under way", () -> issued.get() > 500);
            int loginsBefore = HotRodCredentials.server.log().length();
            HotRodCredentials.changeServerPassword(newPassword);
            HotRodCredentials.changeSecret(newPassword);

            Await.until("the rotation announced",
                    () -> SecretFunctions.ROTATED.contains(new SecretRotated("local", "hotrod")));
            Instant rotated = Instant.now();
            int atRotation = issued.get();
            // writes go on past the old engine's close (bindery.rotation-grace=1s): each goes to the new one
            Await.until("writes past the old engine's close", Duration.ofSeconds(60),
                    () -> issued.get() > atRotation + 2_000 && Instant.now().isAfter(rotated.plusSeconds(3)));
            assertThat(HotRodCredentials.server.log().substring(loginsBefore))
                    .as("a new connection logged in with the new password").contains("hotrod login bindery accepted");
        } finally {
            stop.set(true);
            writers.shutdown();
        }

        List<String> keys = new ArrayList<>();
        for (Future<List<String>> writer : written) {
            keys.addAll(writer.get(60, TimeUnit.SECONDS)); // a write that failed fails the test here
        }
        assertThat(writers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(keys).hasSizeGreaterThan(2_500).doesNotHaveDuplicates();
        for (String key : keys) {
            assertThat(store.get(key)).as(key).hasValueSatisfying(
                    stored -> assertThat(stored.value(String.class)).isEqualTo(key));
        }
        assertThat(store.get("before-rotation")).isPresent();
        assertThat(meters.find("bindery.secrets.rotations").tag("store", "local").counter().count()).isPositive();
        assertLoginRefused(oldPassword);
        try (StateBackend client = login(newPassword)) {
            assertThat(client.keys("", 1)).as("a new client logs in with the new password").isNotEmpty();
        }
    }

    /** Asserts that a new client with this password cannot log in. */
    private static void assertLoginRefused(String password) {
        assertThatThrownBy(() -> {
            try (StateBackend client = login(password)) {
                client.get("probe");
            }
        }).isInstanceOf(RuntimeException.class);
    }

    /** @return a new Hot Rod client of the server, logging in with this password */
    private static StateBackend login(String password) {
        return new InfinispanStateStoreProvider().open(new StoreSettings("probe", Map.of("mode", "remote",
                "cache-name", "state", "hotrod.servers", HotRodCredentials.server.address(), "hotrod.username",
                HotRodCredentials.USER, "hotrod.password", password, "hotrod.sasl-mechanism", "PLAIN")));
    }
}
