package dev.bindery.bindings.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Issue 14: an SQS binding consumer killed mid-batch. {@value #MESSAGES} structured CloudEvents wait in an ElasticMQ
 * queue (visibility timeout {@value #VISIBILITY_S} s); a consumer process ({@link SqsConsumerProcess}) is killed with
 * SIGKILL while it works through a batch, and a new one is started. The messages the first had received and not
 * deleted must come again (redelivered once their visibility timeout ends) and every message must be processed:
 * 0 lost.
 */
class SqsConsumerCrashTest {

    private static final int MESSAGES = 2_000;
    private static final int VISIBILITY_S = 3;
    private static final long WORK_MS = 10;
    private static final int KILL_AFTER = 400;

    @RegisterExtension
    static final ElasticMq elasticMq = new ElasticMq();

    private final List<Process> consumers = new ArrayList<>();

    @AfterEach
    void kill() {
        consumers.forEach(Process::destroyForcibly);
    }

    @Test
    void aConsumerKilledMidBatchLosesNothingAndWhatItHadInHandIsRedelivered() throws Exception {
        String queue = "crash-" + System.nanoTime();
        elasticMq.sqs.createQueue(b -> b.queueName(queue)
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(VISIBILITY_S))));
        String url = elasticMq.url(queue);
        for (int i = 0; i < MESSAGES; i += 10) {
            List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
            for (int j = i; j < i + 10; j++) {
                batch.add(SendMessageBatchRequestEntry.builder().id("m" + j).messageBody("{\"specversion\":\"1.0\","
                        + "\"id\":\"" + id(j) + "\",\"source\":\"/sqs-crash\",\"type\":\"com.example.order.placed\","
                        + "\"datacontenttype\":\"application/json\",\"data\":{\"id\":\"order-" + j + "\"}}").build());
            }
            elasticMq.sqs.sendMessageBatch(b -> b.queueUrl(url).entries(batch));
        }
        Path journal = Files.createTempFile("sqs-crash", ".journal");
        Path log = Files.createTempFile("sqs-crash", ".log");

        Process first = consumer(queue, journal, log);
        // killed in the middle of a receive of 10 (not between two, where nothing is in hand)
        await("the first consumer to be in the middle of a batch after " + KILL_AFTER + " events",
                Duration.ofSeconds(60), log, () -> {
                    int done = lines(journal, "done ").size();
                    return done >= KILL_AFTER && done % 10 >= 2 && done % 10 <= 7;
                });
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long notVisibleAtKill = Long.parseLong(elasticMq.sqs.getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        List<String> receivedAtKill = lines(journal, "received ");
        Set<String> inHand = new HashSet<>(receivedAtKill);
        inHand.removeAll(lines(journal, "done "));
        int doneAtKill = lines(journal, "done ").size();

        Instant restarted = Instant.now();
        consumer(queue, journal, log);
        await("every message processed and deleted", Duration.ofSeconds(120), log,
                () -> elasticMq.messagesIn(queue) == 0 && new HashSet<>(lines(journal, "done ")).size() >= MESSAGES);
        Duration drained = Duration.between(restarted, Instant.now());

        List<String> done = lines(journal, "done ");
        Set<String> processed = new HashSet<>(done);
        int lost = 0;
        for (int i = 0; i < MESSAGES; i++) {
            lost += processed.contains(id(i)) ? 0 : 1;
        }
        Map<String, Long> times = done.stream().collect(Collectors.groupingBy(id -> id, HashMap::new,
                Collectors.counting()));
        long processedTwice = times.values().stream().filter(count -> count > 1).count();
        String report = String.format("SQS consumer crash: %d messages, killed (SIGKILL) with %d done, %d received and"
                + " not deleted (%d of them being worked on); lost %d, processed twice %d, restart -> queue drained"
                + " %.1f s", MESSAGES, doneAtKill, notVisibleAtKill, inHand.size(), lost, processedTwice,
                drained.toMillis() / 1000.0);
        System.out.println(report);

        assertThat(lost).as(report).isZero();
        assertThat(processed).as("only the test's messages: " + report).hasSize(MESSAGES);
        assertThat(notVisibleAtKill).as("the kill landed mid-batch: " + report).isPositive();
        assertThat(processed).as("what the killed consumer had in hand was redelivered: " + report)
                .containsAll(inHand);
    }

    private static String id(int index) {
        return String.format("sqs-%05d", index);
    }

    private Process consumer(String queue, Path journal, Path log) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), SqsConsumerProcess.class.getName(),
                elasticMq.endpoint, queue, journal.toString(), Long.toString(WORK_MS))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        consumers.add(process);
        return process;
    }

    /** @return the ids of the journal's lines with this prefix, in order */
    private static List<String> lines(Path journal, String prefix) throws Exception {
        List<String> ids = new ArrayList<>();
        for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
            if (line.startsWith(prefix)) {
                ids.add(line.substring(prefix.length()));
            }
        }
        return ids;
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(String what, Duration timeout, Path log, Check check) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!check.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out waiting for " + what + ":\n" + Files.readString(log));
            }
            Thread.sleep(5);
        }
    }
}
