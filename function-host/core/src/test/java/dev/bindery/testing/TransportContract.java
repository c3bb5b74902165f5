package dev.bindery.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import dev.bindery.internal.invoke.FunctionDispatcher;
import dev.bindery.internal.stages.IdempotencyStage;
import dev.bindery.internal.state.InMemoryStateBackend;
import dev.bindery.internal.state.KeyScope;
import dev.bindery.internal.state.ScopedStateStore;
import dev.bindery.spi.dispatch.Dispatcher;
import dev.bindery.spi.support.DeadLetters;
import dev.bindery.spi.support.RetryPolicy;
import dev.bindery.state.StateStore;
import dev.bindery.testing.ConformanceFunctions.Reply;

/**
 * The transport conformance contract: the same canonical events (under {@code events/conformance/}), delivered through
 * every transport to the same {@linkplain ConformanceFunctions canonical functions}, end the same way. Each test is
 * one {@link Case}; a transport extends this class and implements {@link #deliver}: send the case's event the way the
 * transport's senders do and report, as an {@link Observation}, what the transport observably did with it — an HTTP
 * status and problem, an acknowledgement, a dead letter, {@code batchItemFailures}.
 * <p>
 * Redelivery is part of the contract: a queue transport retries a failure itself and reports the end
 * ({@link Observed#RETRIED_THEN_PROCESSED}, {@link Observed#DEAD_LETTERED}); a transport whose sender retries (HTTP,
 * Lambda) reports {@link Observed#FAILED}, and the contract, as that sender, delivers the same event again, up to
 * {@value #ATTEMPTS} times in all. A transport that cannot express a case says so in {@link #supports}, with the
 * reason in its Javadoc; the case is then reported as skipped, never passed.
 */
public abstract class TransportContract {

    /** How often an event that keeps failing is delivered, by the transport or by its sender, before it is given up. */
    public static final int ATTEMPTS = 3;
    /** The retries queue transports are configured with: {@value #ATTEMPTS} attempts, quickly. */
    public static final RetryPolicy RETRIES = new RetryPolicy(ATTEMPTS, Duration.ofMillis(10), Duration.ofMillis(50));
    /** The pub/sub component every canonical function is subscribed through, to {@link #topic()}. */
    public static final String PUBSUB = "conformance";

    /** One canonical event and the function it is for. */
    public enum Case {
        /** The function succeeds with a reply. */
        REPLY("greet", "greet"),
        /** The function succeeds without a reply. */
        NO_REPLY("record", "record"),
        /** The function throws {@link dev.bindery.function.EventRejectedException}. */
        REJECTED("refuse", "refuse"),
        /** The function throws {@link dev.bindery.function.NotFoundException}. */
        NOT_FOUND("lookup", "lookup"),
        /** The function fails on the first delivery and succeeds on the next. */
        RETRYABLE("flaky", "flaky"),
        /** The function fails on every delivery. */
        ALWAYS_FAILING("broken", "broken"),
        /** The event's data does not bind to the function's parameter: the function never runs. */
        MALFORMED("malformed", "greet"),
        /** The same event twice to a function whose dispatches the idempotency stage remembers. */
        DUPLICATE("once", "once");

        private final String file;
        private final String function;

        Case(String file, String method) {
            this.file = file;
            this.function = ConformanceFunctions.PREFIX + method;
        }

        /** @return the canonical event's file under {@code events/} */
        public String eventFile() {
            return "conformance/" + file + ".json";
        }

        /** @return the name of the function the event is for */
        public String function() {
            return function;
        }
    }

    /** What a transport observably did with an event, in words common to every transport. */
    public enum Observed {
        /** Processed, and the reply reached the sender (HTTP 200 with the reply event). */
        REPLIED,
        /** Processed and acknowledged, nothing to answer (HTTP 202; a queue acknowledges; no batch item failure). */
        PROCESSED,
        /** Refused for good, the function's reason given (HTTP 422; a queue dead-letters it at once). */
        REJECTED,
        /** Refused for good, nothing is there for it (HTTP 404; a queue dead-letters it at once). */
        NOT_FOUND,
        /** Refused for good before any function ran, the event is invalid (HTTP 400 naming the attribute). */
        MALFORMED_REFUSED,
        /** One delivery failed and may succeed again: its sender is to deliver it again (HTTP 5xx). */
        FAILED,
        /** Processed after the transport or its sender delivered it again. */
        RETRIED_THEN_PROCESSED,
        /** Failed on every attempt, then given up: dead-lettered by the transport, or by its sender. */
        DEAD_LETTERED
    }

    /**
     * What a transport did with one delivery.
     *
     * @param reason why it was not processed, in the transport's words (a problem's detail, a dead letter's reason)
     * @param attribute the invalid attribute when the transport names it (HTTP problems), else null
     * @param reply the reply event the sender received, or null
     * @param deadLetter the dead-letter envelope, when the transport wrote one
     */
    public record Observation(Observed observed, String reason, String attribute, CloudEvent reply,
            CloudEvent deadLetter) {

        /** @return an observation that needs no more words */
        public static Observation of(Observed observed) {
            return new Observation(observed, null, null, null, null);
        }

        /** @return an HTTP answer in the common words; the detail and attribute of its problem, if it has one */
        public static Observation http(int status, String detail, String attribute, CloudEvent reply) {
            Observed observed = switch (status) {
                case 200 -> Observed.REPLIED;
                case 202, 204 -> Observed.PROCESSED;
                case 400 -> Observed.MALFORMED_REFUSED;
                case 404 -> Observed.NOT_FOUND;
                case 422 -> Observed.REJECTED;
                default -> status >= 500 ? Observed.FAILED : null;
            };
            assertThat(observed).as("HTTP status %s (%s) in the conformance vocabulary", status, detail).isNotNull();
            return new Observation(observed, detail, attribute, reply, null);
        }

        /**
         * @return a dead letter in the common words: given up after retries, or refused at once — which refusal is
         *         told by the reason, which carries the canonical function's own message (or, for invalid data, the
         *         type the data does not bind to)
         */
        public static Observation deadLettered(CloudEvent letter) {
            String reason = String.valueOf(letter.getExtension(DeadLetters.REASON));
            int attempts = Integer.parseInt(String.valueOf(letter.getExtension(DeadLetters.ATTEMPTS)));
            Observed observed = Observed.DEAD_LETTERED;
            if (attempts == 1 && reason.contains(ConformanceFunctions.REJECTION)) {
                observed = Observed.REJECTED;
            } else if (attempts == 1 && reason.contains(ConformanceFunctions.MISSING)) {
                observed = Observed.NOT_FOUND;
            } else if (attempts == 1 && reason.contains(ConformanceFunctions.Greeting.class.getName())) {
                observed = Observed.MALFORMED_REFUSED;
            }
            return new Observation(observed, reason, null, null, letter);
        }

        Observation as(Observed other) {
            return new Observation(other, reason, attribute, reply, deadLetter);
        }
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final ConformanceFunctions functions = new ConformanceFunctions();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private Dispatcher dispatcher;

    /**
     * Delivers the case's event once through the transport, as its senders do, and waits for the end of that
     * delivery: the answer, or the acknowledgement or dead letter after the transport's own retries.
     */
    protected abstract Observation deliver(Case c, CloudEvent event) throws Exception;

    /** @return whether the transport brings a function's reply back to the sender */
    protected abstract boolean carriesReplies();

    /**
     * @return whether the transport tells the sender, or the dead letter, why an event was not processed (a
     *         transport that does not documents why)
     */
    protected boolean tellsWhy() {
        return true;
    }

    /** @return whether the transport can express the case (a transport that cannot documents why) */
    protected boolean supports(Case c) {
        return true;
    }

    /** @return the functions whose runs are counted; a host that runs its own instance returns that */
    protected ConformanceFunctions functions() {
        return functions;
    }

    /** @return this test's topic of {@link #PUBSUB}, which every canonical function is subscribed to */
    protected final String topic() {
        return "conformance-" + run;
    }

    /**
     * @return the host's one {@link FunctionDispatcher} over the canonical functions, with the idempotency stage on
     *         for the {@link Case#DUPLICATE} function, remembering in an in-memory store
     */
    protected final synchronized Dispatcher dispatcher() {
        if (dispatcher == null) {
            StateStore store = new ScopedStateStore("idempotency", new InMemoryStateBackend(),
                    KeyScope.prefixed("conformance"), ScopedStateStore.Limits.DEFAULT, mapper);
            IdempotencyStage idempotency = new IdempotencyStage("conformance",
                    dispatch -> dispatch.function().equals(Case.DUPLICATE.function())
                            ? Optional.of(new IdempotencyStage.Remember(store, Duration.ofHours(1)))
                            : Optional.empty(),
                    Runnable::run);
            dispatcher = new FunctionDispatcher(functions.definitions(PUBSUB, topic()), mapper, java.util.Map.of(),
                    List.of(idempotency));
        }
        return dispatcher;
    }

    /** @return the case's canonical event, with an id of this test's own (stores and brokers outlive a test) */
    protected final CloudEvent event(Case c) {
        CloudEvent canonical = TestEvents.event(c.eventFile());
        return CloudEventBuilder.from(canonical).withId(canonical.getId() + "-" + run).build();
    }

    /** Waits up to a minute for a condition of the transport. */
    protected static void await(String what, Check condition) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!condition.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** A condition that may throw. */
    @FunctionalInterface
    protected interface Check {
        boolean holds() throws Exception;
    }

    /** Something a transport's client does, which may throw. */
    @FunctionalInterface
    protected interface Action {
        void run() throws Exception;
    }

    /** Finds a dead letter, which may take a read of the dead-letter destination. */
    @FunctionalInterface
    protected interface DeadLetter {
        /** @return the dead letter, or null while there is none */
        CloudEvent find() throws Exception;
    }

    /**
     * Sends an event through a transport that tells a {@link dev.bindery.spi.dispatch.DeliveryListener} how each
     * delivery goes, and waits for the end: acknowledged (after retries or not), or dead-lettered.
     *
     * @param told the transport's listener
     * @param send sends the event with the transport's client
     * @param deadLetter finds the event's dead letter at the transport's dead-letter destination
     */
    protected static Observation watched(CountingDeliveries told, Action send, DeadLetter deadLetter)
            throws Exception {
        int acknowledged = told.told("acknowledged");
        int deadLettered = told.told("deadLettered");
        int retried = told.told("retried");

        send.run();

        await("the delivery to end", () -> told.told("acknowledged") > acknowledged
                || told.told("deadLettered") > deadLettered);
        if (told.told("deadLettered") > deadLettered) {
            await("the dead letter", () -> deadLetter.find() != null);
            return Observation.deadLettered(deadLetter.find());
        }
        return Observation.of(told.told("retried") > retried ? Observed.RETRIED_THEN_PROCESSED : Observed.PROCESSED);
    }

    /** The end of one event's delivery, with the sender's redeliveries, and how often its function ran. */
    private record Settled(Observation observation, List<String> runs) {
    }

    private Settled settle(Case c, CloudEvent event) throws Exception {
        assumeTrue(supports(c), () -> getClass().getSimpleName() + " cannot express case " + c
                + ": see its supports(Case)");
        int before = functions().runs(c.function()).size();
        Observation observation = deliver(c, event);
        int sent = 1;
        while (observation.observed() == Observed.FAILED && sent < ATTEMPTS) {
            observation = deliver(c, event);
            sent++;
        }
        if (sent > 1) {
            observation = switch (observation.observed()) {
                case FAILED -> observation.as(Observed.DEAD_LETTERED);
                case PROCESSED -> observation.as(Observed.RETRIED_THEN_PROCESSED);
                default -> observation;
            };
        }
        List<String> runs = functions().runs(c.function());
        return new Settled(observation, runs.subList(before, runs.size()));
    }

    private static void assertDeadLetter(Observation observation, int attempts, List<String> runs) {
        CloudEvent letter = observation.deadLetter();
        if (letter == null) {
            return;
        }
        assertThat(letter.getExtension(DeadLetters.ATTEMPTS)).as("dlqattempts").hasToString(Integer.toString(attempts));
        assertThat(String.valueOf(letter.getExtension(DeadLetters.ORIGIN))).as("dlqorigin").matches("[a-z]+:.+");
        if (!runs.isEmpty()) {
            assertThat(letter.getId()).as("the dead letter is the event the function was given").isEqualTo(runs.get(0));
        }
    }

    /** The refusal of a well-formed event: not retried, the function's reason passed on. */
    private void assertRefused(Case c, Observed expected, String reason) throws Exception {
        Settled settled = settle(c, event(c));

        assertThat(settled.observation().observed()).isEqualTo(expected);
        assertThat(settled.observation().reason()).contains(reason);
        assertThat(settled.runs()).as("runs of %s: never retried", c.function()).hasSize(1);
        assertDeadLetter(settled.observation(), 1, settled.runs());
    }

    @Test
    void aReplyReachesTheSenderWhereTheTransportCarriesReplies() throws Exception {
        Settled settled = settle(Case.REPLY, event(Case.REPLY));

        Observation observation = settled.observation();
        assertThat(observation.observed()).isEqualTo(carriesReplies() ? Observed.REPLIED : Observed.PROCESSED);
        if (carriesReplies()) {
            assertThat(observation.reply().getType()).isEqualTo(Case.REPLY.function() + ".output");
            assertThat(mapper.readValue(observation.reply().getData().toBytes(), Reply.class))
                    .isEqualTo(new Reply("Hello, Ada!"));
        }
        assertThat(settled.runs()).hasSize(1);
    }

    @Test
    void anEventProcessedWithoutAReplyIsAcknowledged() throws Exception {
        Settled settled = settle(Case.NO_REPLY, event(Case.NO_REPLY));

        assertThat(settled.observation().observed()).isEqualTo(Observed.PROCESSED);
        assertThat(settled.runs()).hasSize(1);
    }

    @Test
    void anEventTheFunctionRejectsIsRefusedAtOnceWithTheFunctionsReason() throws Exception {
        assertRefused(Case.REJECTED, Observed.REJECTED, ConformanceFunctions.REJECTION);
    }

    @Test
    void anEventForSomethingThatDoesNotExistIsNotFoundAndNotRetried() throws Exception {
        assertRefused(Case.NOT_FOUND, Observed.NOT_FOUND, ConformanceFunctions.MISSING);
    }

    @Test
    void aFailureIsDeliveredAgainAndTheRedeliveryIsProcessed() throws Exception {
        Settled settled = settle(Case.RETRYABLE, event(Case.RETRYABLE));

        assertThat(settled.observation().observed()).isEqualTo(Observed.RETRIED_THEN_PROCESSED);
        assertThat(settled.runs()).as("runs of the same event").hasSize(2).containsOnly(settled.runs().get(0));
    }

    @Test
    void anEventThatAlwaysFailsIsDeliveredAgainThenDeadLetteredWithTheReason() throws Exception {
        Settled settled = settle(Case.ALWAYS_FAILING, event(Case.ALWAYS_FAILING));

        assertThat(settled.observation().observed()).isEqualTo(Observed.DEAD_LETTERED);
        if (tellsWhy()) {
            assertThat(settled.observation().reason()).contains(ConformanceFunctions.FAILURE);
        }
        assertThat(settled.runs()).as("runs of the same event").hasSize(ATTEMPTS)
                .containsOnly(settled.runs().get(0));
        assertDeadLetter(settled.observation(), ATTEMPTS, settled.runs());
    }

    @Test
    void aMalformedEventIsRefusedAtOnceNamingWhatIsWrongAndTheFunctionNeverRuns() throws Exception {
        Settled settled = settle(Case.MALFORMED, event(Case.MALFORMED));

        Observation observation = settled.observation();
        assertThat(observation.observed()).isEqualTo(Observed.MALFORMED_REFUSED);
        assertThat(observation.reason()).as("the reason names the type the data must bind to")
                .contains(ConformanceFunctions.Greeting.class.getName());
        if (observation.attribute() != null) {
            assertThat(observation.attribute()).isEqualTo("data");
        }
        assertThat(settled.runs()).isEmpty();
        assertDeadLetter(observation, 1, settled.runs());
    }

    @Test
    void aDuplicateIsAcknowledgedWithoutRunningTheFunctionAgain() throws Exception {
        CloudEvent event = event(Case.DUPLICATE);
        Settled first = settle(Case.DUPLICATE, event);
        Settled second = settle(Case.DUPLICATE, event);

        assertThat(first.observation().observed()).isEqualTo(Observed.PROCESSED);
        assertThat(second.observation().observed()).as("the duplicate").isEqualTo(Observed.PROCESSED);
        assertThat(first.runs()).hasSize(1);
        assertThat(second.runs()).as("runs for the duplicate").isEmpty();
    }
}
