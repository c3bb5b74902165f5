package dev.bindery.state.infinispan;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bindery.spi.state.StateBackend;
import dev.bindery.spi.state.StateBackend.Stored;
import dev.bindery.spi.state.StateBackend.Write;
import dev.bindery.spi.state.StoreSettings;

/**
 * A multi-key transaction on the embedded, persisted store is all or nothing across a SIGKILL: a process commits
 * transactions that each append to one growing trail and insert a mark (as the idempotency stage commits a function's
 * writes with its event's mark), and is killed at random points again and again. After every kill, each mark has its
 * entry in the trail and each entry its mark, and every transaction the process saw committed is there.
 */
class TransactionCrashTest {

    private static final String TRAIL = "trail";
    /** Keys every transaction also rewrites, so a kill lands inside a transaction's writes more often. */
    private static final int SLOTS = 6;

    @TempDir
    Path dataDir;

    @Test
    void aKilledProcessLeavesEveryTransactionWholeOrAbsent() throws Exception {
        int kills = Integer.getInteger("bindery.test.crash-kills", 12);
        int acknowledged = -1;
        for (int kill = 0; kill < kills; kill++) {
            Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Writer.class.getName(), dataDir.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), UTF_8))) {
                int commits = 50 + ThreadLocalRandom.current().nextInt(400);
                for (int seen = 0; seen < commits; seen++) {
                    String line = out.readLine();
                    assertThat(line).as("the writer commits (kill %d)", kill).isNotNull();
                    acknowledged = Integer.parseInt(line);
                }
                writer.destroyForcibly();
                assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            try (StateBackend backend = open(dataDir)) {
                Set<Integer> trail = trail(backend);
                List<Integer> marks = new ArrayList<>();
                int last = Math.max(acknowledged, trail.stream().mapToInt(Integer::intValue).max().orElse(-1)) + 100;
                for (int i = 0; i <= last; i++) {
                    if (backend.get(mark(i)).isPresent()) {
                        marks.add(i);
                    }
                }
                assertThat(trail).as("after kill %d: the trail holds the committed transactions", kill)
                        .containsAll(range(acknowledged));
                assertThat(new HashSet<>(marks)).as("after kill %d: a mark for each trail entry and no other", kill)
                        .isEqualTo(trail);
                int newest = trail.stream().mapToInt(Integer::intValue).max().orElse(-1);
                for (int slot = 0; slot < SLOTS; slot++) {
                    assertThat(backend.get(slot(slot)).map(stored -> new String(stored.value(), UTF_8).split(":")[0]))
                            .as("after kill %d: slot %d was written by the newest transaction", kill, slot)
                            .hasValue(Integer.toString(newest));
                }
            }
        }
    }

    private static Set<Integer> range(int last) {
        Set<Integer> all = new HashSet<>();
        for (int i = 0; i <= last; i++) {
            all.add(i);
        }
        return all;
    }

    static StateBackend open(Path dataDir) {
        return new InfinispanStateStoreProvider().open(new StoreSettings("crash", Map.of("data-dir", dataDir.toString())));
    }

    static String mark(int i) {
        return "processed/" + i;
    }

    static String slot(int slot) {
        return "slot/" + slot;
    }

    static Set<Integer> trail(StateBackend backend) {
        Set<Integer> entries = new HashSet<>();
        backend.get(TRAIL).ifPresent(stored -> {
            for (String entry : new String(stored.value(), UTF_8).split(",")) {
                if (!entry.isEmpty()) {
                    entries.add(Integer.parseInt(entry.substring(0, entry.indexOf(':'))));
                }
            }
        });
        return entries;
    }

    /** Commits transactions until killed, printing the number of each once committed. */
    public static final class Writer {
        public static void main(String[] args) {
            StateBackend backend = open(Path.of(args[0]));
            int next = trail(backend).stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
            String padding = "x".repeat(40);
            String slotPadding = "y".repeat(16_384);
            while (true) {
                Optional<Stored> current = backend.get(TRAIL);
                String value = current.map(stored -> new String(stored.value(), UTF_8)).orElse("") + next + ":" + padding
                        + ",";
                List<Write> writes = new ArrayList<>();
                writes.add(new Write(mark(next), "1".getBytes(UTF_8), null, true, null));
                writes.add(new Write(TRAIL, value.getBytes(UTF_8), current.map(Stored::etag).orElse(null),
                        current.isEmpty(), null));
                for (int slot = 0; slot < SLOTS; slot++) {
                    writes.add(new Write(slot(slot), (next + ":" + slotPadding).getBytes(UTF_8), null, false, null));
                }
                backend.apply(writes);
                System.out.println(next++);
                System.out.flush();
            }
        }
    }
}
