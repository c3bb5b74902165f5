package dev.bindery.bindings.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bindery.security.Caller;
import dev.bindery.spi.binding.BindingsEngine;
import dev.bindery.spi.dispatch.Credentials;
import dev.bindery.spi.dispatch.Outcome;

/**
 * What an input binding hands the security stage with each message: the credential in its headers (any case), the
 * application itself for a schedule's tick, the binding's {@code caller} for a message without one; and what becomes
 * of a message the stage denies: the dead letter at once, with the reason, never retried.
 */
class BindingCredentialsTest extends EngineTestSupport {

    /** An input on an in-process endpoint, and an output to it whose metadata become the message's headers. */
    private static TestHost inbox(String queue, String... more) {
        String[] options = new String[2 + more.length];
        options[0] = "uri";
        options[1] = "direct:" + queue;
        System.arraycopy(more, 0, options, 2, more.length);
        return new TestHost().binding("inbox", options).binding("sender", "uri", "direct:" + queue)
                .input("inbox", "ingest");
    }

    @Test
    void aMessageCarriesTheTokenOfItsHeadersWhateverTheirCase() throws Exception {
        TestHost host = inbox("tokens");
        BindingsEngine engine = start(host);

        engine.invoke("sender", "create", "{}", Map.of("Bindery-Api-Token", "token-1"));
        engine.invoke("sender", "create", "{}", Map.of("AUTHORIZATION", "Bearer token-2"));
        engine.invoke("sender", "create", "{}", Map.of("dapr-api-token", "token-3"));
        engine.invoke("sender", "create", "{}", Map.of("authorization", "Basic dXNlcjpwYXNz"));
        engine.invoke("sender", "create", "{}", Map.of());

        TestHost.await("five messages", () -> host.requests.size() == 5);
        assertThat(host.requests).extracting(request -> request.credentials()).containsExactly(
                new Credentials.Token("token-1", Credentials.API_TOKEN),
                new Credentials.Token("token-2", Credentials.AUTHORIZATION),
                new Credentials.Token("token-3", Credentials.DAPR_API_TOKEN),
                new Credentials.Malformed("The Authorization header's scheme is not Bearer"),
                Credentials.none());
    }

    @Test
    void aMessageWithoutACredentialIsFromTheBindingsCallerAndOneWithATokenStillFromItsToken() throws Exception {
        TestHost host = inbox("callers", "caller", "orders-queue");
        BindingsEngine engine = start(host);

        engine.invoke("sender", "create", "{}", Map.of());
        engine.invoke("sender", "create", "{}", Map.of("bindery-api-token", "token-1"));

        TestHost.await("two messages", () -> host.requests.size() == 2);
        assertThat(host.requests.get(0).credentials()).isEqualTo(Credentials.verified(new Caller(
                Caller.Kind.PRINCIPAL, "orders-queue", Set.of())));
        assertThat(host.requests.get(1).credentials()).isEqualTo(new Credentials.Token("token-1",
                Credentials.API_TOKEN));
    }

    @Test
    void aScheduledTickIsTheApplicationsOwn() throws Exception {
        TestHost host = new TestHost().binding("ticks", "cron", "@every 50ms").input("ticks", "tick")
                .binding("raw", "uri", "timer:raw?period=50").input("raw", "rawTick");
        start(host);

        TestHost.await("ticks of both", () -> host.requests.stream().map(r -> r.event().getExtension("binding"))
                .distinct().count() == 2);
        assertThat(host.requests).allSatisfy(request -> assertThat(request.credentials()).isEqualTo(
                Credentials.verified(Caller.app("tests"))));
    }

    @Test
    void aDeniedMessageGoesToTheDeadLetterOnceWithTheReasonAndIsNotRetried(@TempDir Path dead) throws Exception {
        TestHost host = inbox("denied", "retry-attempts", "5", "retry-initial-delay", "10ms", "dead-letter",
                "dead").binding("dead", "file", dead.toString())
                .failing(new Outcome.Denied("ingest", "A credential is required", true));
        BindingsEngine engine = start(host);

        engine.invoke("sender", "create", "{\"order\":1}", Map.of());

        TestHost.await("the dead letter", () -> listed(dead).size() == 1);
        Thread.sleep(300);
        assertThat(host.requests).as("delivered once").hasSize(1);
        List<Path> letters = listed(dead);
        assertThat(letters).hasSize(1);
        JsonNode letter = TestHost.MAPPER.readTree(letters.get(0).toFile());
        assertThat(letter.path("dlqreason").asText()).isEqualTo("A credential is required");
        assertThat(letter.path("dlqattempts").asInt()).isEqualTo(1);
        assertThat(host.told("inbox", "deadLettered")).isEqualTo(1);
    }

    private static List<Path> listed(Path directory) throws Exception {
        try (var files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
