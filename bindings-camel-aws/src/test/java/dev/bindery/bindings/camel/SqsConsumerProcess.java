package dev.bindery.bindings.camel;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;

/**
 * An SQS binding consumer as a process of its own, for {@link SqsConsumerCrashTest} to kill: the Camel bindings
 * engine with one {@code sqs} input binding, whose function journals {@code received <id>}, works a few milliseconds
 * and journals {@code done <id>}. The journal is appended without syncing: a killed process's writes are in the page
 * cache, which outlives it.
 * <p>
 * Arguments: the SQS endpoint, the queue name, the journal file, the milliseconds each event takes.
 */
public final class SqsConsumerProcess {

    private SqsConsumerProcess() {
    }

    public static void main(String[] args) throws Exception {
        String endpoint = args[0];
        String queue = args[1];
        long workMs = Long.parseLong(args[3]);
        try (FileChannel journal = FileChannel.open(Path.of(args[2]), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            TestHost host = new TestHost()
                    .binding("orders", "sqs", queue, "endpoint", endpoint, "access-key", "x", "secret-key", "x")
                    .input("orders", "consume")
                    .answering(event -> {
                        write(journal, "received " + event.getId());
                        try {
                            Thread.sleep(workMs);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        write(journal, "done " + event.getId());
                        return CompletableFuture.completedFuture(TestHost.NO_REPLY);
                    });
            host.start();
            System.out.println("consuming " + queue);
            Thread.currentThread().join();
        }
    }

    private static synchronized void write(FileChannel journal, String line) {
        try {
            journal.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
