package dev.bindery.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;

/**
 * Issue 14's first crash test: the packaged application consumes order events from a Kafka broker running as a
 * separate process, is killed with SIGKILL mid-stream and restarted on the same data directory. Every valid event must
 * reach {@code auditOrder} (0 lost), the malformed records in between must be in {@code orders-dlq} with their reason,
 * and the duplicates and the time from restart to consuming again are reported.
 */
class KafkaCrashIT {

    private static final int EVENTS = 5_000;
    /** A malformed record is produced before the valid event of each of these indexes. */
    private static final int[] MALFORMED_BEFORE = {300, 2_500, 4_200};
    /** The app is killed once its audit trail holds this many events. */
    private static final int KILL_AFTER = 1_500;
    private static final String TOPIC = Orders.ORDERS_TOPIC;
    private static final String DEAD_LETTERS = TOPIC + "-dlq";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<PackagedApp> apps = new ArrayList<>();

    private PackagedApp started(PackagedApp app) {
        apps.add(app);
        return app;
    }

    /** A failed run leaves no app process behind. */
    @AfterEach
    void killApps() {
        apps.forEach(app -> app.process().destroyForcibly());
    }

    @Test
    void aKilledAppLosesNoEventAndDeadLettersTheMalformedOnes() throws Exception {
        List<JsonNode> malformed = new ArrayList<>();
        JSON.readTree(KafkaCrashIT.class.getResourceAsStream("/events/kafka/malformed-orders.json")).forEach(malformed::add);
        try (KafkaBrokerProcess kafka = KafkaBrokerProcess.start(Duration.ofSeconds(60));
                Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            Path log = Files.createTempFile("bindery-crash", ".log");
            List<String> properties = appProperties(kafka);

            PackagedApp first = started(PackagedApp.launch(properties, Map.of(), PackagedApp.freePort(), log))
                    .awaitReady(Duration.ofSeconds(60));
            AtomicInteger produced = new AtomicInteger();
            CompletableFuture<Void> producing = CompletableFuture
                    .runAsync(() -> produce(kafka.bootstrapServers(), malformed, MALFORMED_BEFORE, produced));

            int auditedBeforeKill;
            try (CloudEventsHttp http = new CloudEventsHttp(first.baseUri())) {
                auditedBeforeKill = awaitAudited(http, KILL_AFTER, Duration.ofSeconds(60), log);
            }
            int producedAtKill = produced.get();
            first.process().destroyForcibly();
            assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).as("the app dies").isTrue();
            assertThat(first.process().exitValue()).as("killed by SIGKILL (128 + 9)").isEqualTo(137);

            PackagedApp second = started(PackagedApp.launch(properties, Map.of(), PackagedApp.freePort(), log));
            Restart restart = awaitConsuming(second, Duration.ofSeconds(60));
            producing.get(60, TimeUnit.SECONDS);
            List<JsonNode> trail;
            try (CloudEventsHttp http = new CloudEventsHttp(second.baseUri())) {
                trail = awaitAllAudited(http, Duration.ofSeconds(90));
            }
            Map<String, String> reasons = deadLetterReasons(kafka.bootstrapServers(), malformed, Duration.ofSeconds(30));

            Set<String> eventIds = eventIds(trail);
            int lost = lost(eventIds);
            int duplicates = trail.size() - eventIds.size();
            double skipped = metric(second, "bindery_function_duplicates_total", "function=\"auditOrder\"");
            String report = String.format("Kafka crash test: %d events (+%d malformed), killed (SIGKILL) with %d produced"
                    + " and %d audited; lost %d %s, duplicates applied %d, redeliveries the idempotency stage skipped %.0f;"
                    + " restart: launch -> consuming %.2f s, launch -> ready %.2f s; dead letters %s",
                    EVENTS, malformed.size(), producedAtKill, auditedBeforeKill, lost, lostIds(eventIds, trail), duplicates,
                    skipped, restart.consuming().toMillis() / 1000.0, restart.ready().toMillis() / 1000.0, reasons);
            System.out.println(report);

            assertThat(lost).as("valid events lost: " + report).isZero();
            assertThat(eventIds).as("only the test's events were audited: " + report).hasSize(EVENTS);
            assertThat(duplicates).as("auditOrder's write commits with its idempotency mark: " + report).isZero();
            for (int next : MALFORMED_BEFORE) {
                assertThat(eventIds).as("the event after a malformed record was delivered: " + report)
                        .contains(eventId(next));
            }
            for (JsonNode record : malformed) {
                assertThat(reasons).as("'%s' is in %s with a dlqreason: %s", record.path("name").asText(), DEAD_LETTERS,
                        report).hasEntrySatisfying(record.path("marker").asText(), reason -> assertThat(reason).isNotBlank());
            }
            assertThat(restart.consuming()).as("a restarted instance resumes before the session timeout (45 s): " + report)
                    .isLessThan(Duration.ofSeconds(30));

            second.process().destroy();
            assertThat(second.process().waitFor(30, TimeUnit.SECONDS)).as("the app stops on SIGTERM").isTrue();
        }
    }

    /**
     * The broker is killed (SIGKILL) while the app consumes and the producer sends, and restarted on its log directory
     * 5 s later: the app must go on by itself (same process), lose nothing and apply nothing twice.
     */
    @Test
    void aBrokerRestartUnderLoadLosesNothingAndTheAppResumesByItself() throws Exception {
        try (KafkaBrokerProcess kafka = KafkaBrokerProcess.start(Duration.ofSeconds(60));
                Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            Path log = Files.createTempFile("bindery-broker-restart", ".log");
            PackagedApp app = started(PackagedApp.launch(appProperties(kafka), Map.of(), PackagedApp.freePort(), log))
                    .awaitReady(Duration.ofSeconds(60));
            AtomicInteger produced = new AtomicInteger();
            CompletableFuture<Void> producing = CompletableFuture
                    .runAsync(() -> produce(kafka.bootstrapServers(), List.of(), new int[0], produced));
            try (CloudEventsHttp http = new CloudEventsHttp(app.baseUri())) {
                int auditedAtKill = awaitAudited(http, KILL_AFTER, Duration.ofSeconds(60), log);
                int producedAtKill = produced.get();
                kafka.kill();
                Thread.sleep(5_000);
                int readyWhileDown = status(app, "/q/health/ready");
                Instant restarting = Instant.now();
                kafka.startAgain(Duration.ofSeconds(60));
                Duration brokerStart = Duration.between(restarting, Instant.now());
                int auditedWhileDown = audit(http).size();
                awaitAudited(http, auditedWhileDown + 1, Duration.ofSeconds(60), log);
                Duration resumed = Duration.between(restarting, Instant.now());
                producing.get(120, TimeUnit.SECONDS);
                List<JsonNode> trail = awaitAllAudited(http, Duration.ofSeconds(90));

                Set<String> eventIds = eventIds(trail);
                int lost = lost(eventIds);
                int duplicates = trail.size() - eventIds.size();
                String report = String.format("Kafka broker restart: %d events, broker killed (SIGKILL) with %d produced"
                        + " and %d audited, down 5 s (readiness then: %d); broker start %.2f s, audited again %.2f s after"
                        + " the restart began; lost %d, duplicates applied %d, redeliveries skipped %.0f",
                        EVENTS, producedAtKill, auditedAtKill, readyWhileDown, brokerStart.toMillis() / 1000.0,
                        resumed.toMillis() / 1000.0, lost, duplicates,
                        metric(app, "bindery_function_duplicates_total", "function=\"auditOrder\""));
                System.out.println(report);

                assertThat(lost).as("valid events lost: " + report).isZero();
                assertThat(duplicates).as("duplicates applied: " + report).isZero();
                assertThat(app.process().isAlive()).as("the same app process went on: " + report).isTrue();
                assertThat(status(app, "/q/health/ready")).as("ready again: " + report).isEqualTo(200);
            }
            app.process().destroy();
            assertThat(app.process().waitFor(30, TimeUnit.SECONDS)).as("the app stops on SIGTERM").isTrue();
        }
    }

    /** The example app on the broker, its state and files in fresh temporary directories. */
    private static List<String> appProperties(KafkaBrokerProcess kafka) throws IOException {
        Path state = Files.createTempDirectory("bindery-crash-state");
        Path data = Files.createTempDirectory("bindery-crash-data");
        return List.of("bindery.pubsub.default.type=kafka",
                "bindery.pubsub.default.bootstrap-servers=" + kafka.bootstrapServers(),
                // a stable identity (as a pod name is): the restarted app takes its partition back at once
                "bindery.pubsub.default.instance-id=kafka-crash-it",
                "bindery.state.default.data-dir=" + state.resolve("default"),
                "bindery.state.orders.data-dir=" + state.resolve("orders"),
                "bindery.bindings.uploads.file=" + data.resolve("uploads"),
                "bindery.bindings.uploads-failed.file=" + data.resolve("uploads-failed"),
                "bindery.bindings.reports.file=" + data.resolve("reports"));
    }

    /** @return the distinct event ids in the audit trail */
    private static Set<String> eventIds(List<JsonNode> trail) {
        Set<String> ids = new HashSet<>();
        trail.forEach(entry -> ids.add(entry.path("eventId").asText()));
        return ids;
    }

    /** @return how many of the test's events are not among the audited ones */
    private static int lost(Set<String> audited) {
        int lost = 0;
        for (int i = 0; i < EVENTS; i++) {
            lost += audited.contains(eventId(i)) ? 0 : 1;
        }
        return lost;
    }

    /** @return the ids of the lost events, each with the id audited just before it (where the trail has a gap) */
    private static List<String> lostIds(Set<String> audited, List<JsonNode> trail) {
        List<String> order = trail.stream().map(entry -> entry.path("eventId").asText()).toList();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            if (!audited.contains(eventId(i))) {
                int before = i == 0 ? -1 : order.indexOf(eventId(i - 1));
                missing.add(eventId(i) + " (trail position of its predecessor: " + before + " of " + order.size() + ")");
            }
        }
        return missing;
    }

    private static String eventId(int index) {
        return String.format("crash-%05d", index);
    }

    /** The valid events, paced over 25 s so the kill and the restart land mid-stream, with the malformed ones in between. */
    private static void produce(String bootstrapServers, List<JsonNode> malformed, int[] malformedBefore,
            AtomicInteger produced) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            int poison = 0;
            for (int i = 0; i < EVENTS; i++) {
                if (poison < malformedBefore.length && malformedBefore[poison] == i) {
                    JsonNode record = malformed.get(poison++);
                    List<Header> headers = new ArrayList<>();
                    record.path("headers").properties()
                            .forEach(header -> headers
                                    .add(new RecordHeader(header.getKey(), header.getValue().asText().getBytes(UTF_8))));
                    producer.send(
                            new ProducerRecord<byte[], byte[]>(TOPIC, null, null, record.path("value").asText().getBytes(UTF_8),
                                    headers));
                }
                String order = "{\"id\":\"order-" + i + "\",\"item\":\"teapot\",\"quantity\":" + (1 + i % 5) + "}";
                producer.send(new ProducerRecord<byte[], byte[]>(TOPIC, null, null, order.getBytes(UTF_8), List.of(
                        header("ce_specversion", "1.0"), header("ce_id", eventId(i)), header("ce_source", "/crash-test"),
                        header("ce_type", "com.example.order.placed"), header("content-type", "application/json"))));
                produced.incrementAndGet();
                if (i % 100 == 99) {
                    producer.flush();
                    Thread.sleep(500);
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(UTF_8));
    }

    private static List<JsonNode> audit(CloudEventsHttp http) throws IOException {
        HttpResponse<Buffer> response = http.binary(ExampleFunctionsContract.event("com.example.audit.get", "{}"));
        assertThat(response.statusCode()).as("getAudit answers").isEqualTo(200);
        List<JsonNode> entries = new ArrayList<>();
        JSON.readTree(CloudEventsHttp.reply(response).getData().toBytes()).forEach(entries::add);
        return entries;
    }

    private static int awaitAudited(CloudEventsHttp app, int count, Duration timeout, Path log) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            int audited = audit(app).size();
            if (audited >= count) {
                return audited;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Fewer than " + count + " events audited within " + timeout + ":\n" + Files.readString(log));
    }

    private static List<JsonNode> awaitAllAudited(CloudEventsHttp app, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        List<JsonNode> trail = audit(app);
        while (Instant.now().isBefore(deadline)) {
            if (eventIds(trail).size() >= EVENTS) {
                return trail;
            }
            Thread.sleep(250);
            trail = audit(app);
        }
        return trail;
    }

    /** How long after its launch the restarted app was ready and had received its first event again. */
    private record Restart(Duration ready, Duration consuming) {
    }

    private static Restart awaitConsuming(PackagedApp app, Duration timeout) throws Exception {
        Instant deadline = app.launched().plus(timeout);
        Duration ready = null;
        Duration consuming = null;
        while (Instant.now().isBefore(deadline) && (ready == null || consuming == null)) {
            if (!app.process().isAlive()) {
                throw new AssertionError("The restarted app exited:\n" + Files.readString(app.log()));
            }
            if (ready == null && status(app, "/q/health/ready") == 200) {
                ready = Duration.between(app.launched(), Instant.now());
            }
            if (consuming == null && subscriptionMetric(app, "received") > 0) {
                consuming = Duration.between(app.launched(), Instant.now());
            }
            Thread.sleep(50);
        }
        if (ready == null || consuming == null) {
            throw new AssertionError("The restarted app was not ready and consuming within " + timeout + " (ready: " + ready
                    + "):\n" + Files.readString(app.log()));
        }
        return new Restart(ready, consuming);
    }

    private static int status(PackagedApp app, String path) {
        try {
            return ((HttpURLConnection) app.baseUri().resolve(path).toURL().openConnection()).getResponseCode();
        } catch (IOException notListening) {
            return -1;
        }
    }

    /** @return the first sample of the metric whose labels contain the text, 0 when there is none (yet) */
    static double metric(PackagedApp app, String name, String labels) {
        try {
            HttpURLConnection connection = (HttpURLConnection) app.baseUri().resolve("/q/metrics").toURL().openConnection();
            if (connection.getResponseCode() != 200) {
                return 0;
            }
            try (InputStream body = connection.getInputStream()) {
                for (String line : new String(body.readAllBytes(), UTF_8).split("\n")) {
                    if (line.startsWith(name + "{") && line.contains(labels)) {
                        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    }
                }
            }
            return 0;
        } catch (IOException | NumberFormatException notYet) {
            return 0;
        }
    }

    /** @return {@code bindery_subscription_<counter>_total} of the {@code orders} subscription, 0 if not there yet */
    private static double subscriptionMetric(PackagedApp app, String counter) {
        return metric(app, "bindery_subscription_" + counter + "_total", "topic=\"" + TOPIC + "\"");
    }

    /**
     * @return the {@code dlqreason} of each malformed record found in the dead-letter topic, by its marker, and of each
     *         valid event found there, by its id
     */
    private static Map<String, String> deadLetterReasons(String bootstrapServers, List<JsonNode> malformed, Duration timeout) {
        Map<String, String> reasons = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(DEAD_LETTERS).stream()
                    .map(info -> new TopicPartition(DEAD_LETTERS, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plus(timeout);
            while (!malformed.stream().allMatch(record -> reasons.containsKey(record.path("marker").asText()))
                    && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> letter : consumer.poll(Duration.ofMillis(500))) {
                    String value = letter.value() == null ? "" : new String(letter.value(), UTF_8);
                    Header reason = letter.headers().lastHeader("ce_dlqreason");
                    Header id = letter.headers().lastHeader("ce_id");
                    if (id != null && new String(id.value(), UTF_8).startsWith("crash-")) {
                        // a valid event dead-lettered: reported under its id, so a loss says where it went
                        reasons.put(new String(id.value(), UTF_8), reason == null ? "" : new String(reason.value(), UTF_8));
                    }
                    for (JsonNode record : malformed) {
                        if (value.contains(record.path("marker").asText())) {
                            reasons.put(record.path("marker").asText(),
                                    reason == null ? "" : new String(reason.value(), UTF_8));
                        }
                    }
                }
            }
        }
        return reasons;
    }
}
