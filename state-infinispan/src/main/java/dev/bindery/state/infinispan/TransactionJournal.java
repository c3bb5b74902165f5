package dev.bindery.state.infinispan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.infinispan.Cache;

/**
 * Makes a multi-key transaction on a local, persisted cache all-or-nothing across a kill. Infinispan's file store
 * appends a transaction's entries one by one, so a process killed between two appends leaves some of them written (an
 * event's idempotency mark without the function's write it was committed with). Before such a transaction commits, its
 * final values are appended as <em>one</em> record of this journal (a cache of its own, persisted alongside); the record
 * is dropped once the commit returned. A start replays every record still there, which completes a transaction the kill
 * cut in half (replaying a whole one changes nothing).
 * <p>
 * Replaying is only right if no later write touched the keys of a record: the keys' stripes of {@link #lock(List)} are
 * held from before the transaction until its record is dropped, and every write of the backend takes them.
 */
final class TransactionJournal {

    /** The journal cache of a store's cache. */
    static String cacheName(String cacheName) {
        return cacheName + "-journal";
    }

    private static final int STRIPES = 64;

    private final Cache<String, String> records;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    TransactionJournal(Cache<String, String> records) {
        this.records = records;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** Unlocks what {@link #lock(List)} locked. */
    interface Stripes extends AutoCloseable {
        @Override
        void close();
    }

    /** Locks the stripes of the keys, in one global order; the returned handle unlocks them. */
    Stripes lock(List<String> keys) {
        boolean[] taken = new boolean[STRIPES];
        for (String key : keys) {
            taken[Math.floorMod(key.hashCode(), STRIPES)] = true;
        }
        List<ReentrantLock> held = new ArrayList<>();
        for (int i = 0; i < STRIPES; i++) {
            if (taken[i]) {
                stripes[i].lock();
                held.add(stripes[i]);
            }
        }
        return () -> {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).unlock();
            }
        };
    }

    /**
     * Appends a transaction's final values as one record (call it outside the transaction).
     *
     * @param written each key with its stored value, or null for a removal
     * @return the record's id, for {@link #drop(String)}
     */
    String record(Map<String, String> written) {
        String id = UUID.randomUUID().toString();
        records.put(id, encode(written));
        return id;
    }

    void drop(String id) {
        records.remove(id);
    }

    /** @return the transactions of the records a kill left, each as its keys' stored values (null: removed) */
    Map<String, Map<String, String>> pending() {
        Map<String, Map<String, String>> pending = new LinkedHashMap<>();
        for (String id : new ArrayList<>(records.keySet())) {
            String record = records.get(id);
            if (record != null) {
                pending.put(id, decode(record));
            }
        }
        return pending;
    }

    /** Writes one replayed value: its lifespan is what is left of the expiry it was stored with. */
    static void replay(Cache<String, String> cache, String key, String stored) {
        if (stored == null) {
            cache.remove(key);
            return;
        }
        Instant expiresAt = StoredValueCodec.decode(stored).expiresAt();
        if (expiresAt == null) {
            cache.put(key, stored);
            return;
        }
        long left = expiresAt.toEpochMilli() - System.currentTimeMillis();
        if (left > 0) {
            cache.put(key, stored, left, TimeUnit.MILLISECONDS);
        } else {
            cache.remove(key);
        }
    }

    /** {@code <key length>:<key><value length>:<value>} per key, {@code -} for a removal's value. */
    static String encode(Map<String, String> written) {
        StringBuilder record = new StringBuilder();
        written.forEach((key, value) -> {
            record.append(key.length()).append(':').append(key);
            if (value == null) {
                record.append('-');
            } else {
                record.append(value.length()).append(':').append(value);
            }
        });
        return record.toString();
    }

    static Map<String, String> decode(String record) {
        Map<String, String> written = new LinkedHashMap<>();
        int at = 0;
        while (at < record.length()) {
            int colon = record.indexOf(':', at);
            int length = Integer.parseInt(record, at, colon, 10);
            String key = record.substring(colon + 1, colon + 1 + length);
            at = colon + 1 + length;
            if (record.charAt(at) == '-') {
                written.put(key, null);
                at++;
            } else {
                colon = record.indexOf(':', at);
                length = Integer.parseInt(record, at, colon, 10);
                written.put(key, record.substring(colon + 1, colon + 1 + length));
                at = colon + 1 + length;
            }
        }
        return written;
    }
}
