package dev.bindery.internal.admin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * The last invocations, in a ring of fixed capacity: adding never blocks and never grows memory (the oldest is
 * overwritten), from any number of threads at once. Subscribers (a live view) are told of each event as it is added, on
 * the adding thread: they must be fast and must not throw.
 */
public final class RecentEvents {

    private final AtomicReferenceArray<RecentEvent> ring;
    /** How many events were ever added; the next one gets this number plus one. */
    private final AtomicLong added = new AtomicLong();
    private final List<Consumer<RecentEvent>> subscribers = new CopyOnWriteArrayList<>();

    /** @param capacity how many events are kept, at least 1 */
    public RecentEvents(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("bindery.admin.events.capacity must be at least 1, not " + capacity);
        }
        this.ring = new AtomicReferenceArray<>(capacity);
    }

    /** @return how many events are kept */
    public int capacity() {
        return ring.length();
    }

    /**
     * Keeps the event, overwriting the oldest when full, and tells the subscribers.
     *
     * @return the event with its {@link RecentEvent#seq()}
     */
    public RecentEvent add(RecentEvent event) {
        long seq = added.incrementAndGet();
        RecentEvent numbered = event.withSeq(seq);
        ring.set((int) ((seq - 1) % ring.length()), numbered);
        for (Consumer<RecentEvent> subscriber : subscribers) {
            try {
                subscriber.accept(numbered);
            } catch (RuntimeException e) {
                // a broken live view must not fail the invocation it watches
                subscribers.remove(subscriber);
            }
        }
        return numbered;
    }

    /**
     * @param limit the most events to return
     * @return the events kept, newest first; an event being written while this reads may be left out
     */
    public List<RecentEvent> newestFirst(int limit) {
        long last = added.get();
        int size = ring.length();
        List<RecentEvent> events = new ArrayList<>(Math.min(limit, size));
        for (long seq = last; seq > Math.max(0, last - size) && events.size() < limit; seq--) {
            RecentEvent event = ring.get((int) ((seq - 1) % size));
            // the slot may already hold a newer event (or not yet this one): only the expected one is taken
            if (event != null && event.seq() == seq) {
                events.add(event);
            }
        }
        events.sort(Comparator.comparingLong(RecentEvent::seq).reversed());
        return events;
    }

    /**
     * Tells the subscriber of every event added from now on, until the returned handle is closed.
     *
     * @return closes the subscription
     */
    public Runnable subscribe(Consumer<RecentEvent> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }
}
