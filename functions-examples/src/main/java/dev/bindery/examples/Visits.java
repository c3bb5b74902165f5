package dev.bindery.examples;

import jakarta.inject.Inject;

import io.quarkus.funqy.Funq;

import dev.bindery.function.EventRejectedException;
import dev.bindery.state.ETagMismatchException;
import dev.bindery.state.SaveOptions;
import dev.bindery.state.StateItem;
import dev.bindery.state.StateStore;

/** Counts page visits in the default store with optimistic concurrency: concurrent visits never lose a count. */
public class Visits {

    /** A visit to a page. */
    public record Visit(String page) {
    }

    /** The page's count after the visit. */
    public record PageCount(String page, long count) {
    }

    @Inject
    StateStore state;

    @Funq
    public PageCount countVisit(Visit visit) {
        if (visit == null || visit.page() == null || visit.page().isBlank()) {
            throw new EventRejectedException("Give the page: {\"page\": \"/home\"}");
        }
        String key = "visits/" + visit.page();
        while (true) {
            StateItem current = state.get(key).orElse(null);
            long count = current == null ? 1 : current.value(PageCount.class).count() + 1;
            PageCount next = new PageCount(visit.page(), count);
            try {
                state.save(key, next, current == null ? SaveOptions.ifAbsent() : SaveOptions.ifMatch(current.etag()));
                return next;
            } catch (ETagMismatchException concurrentVisit) {
                // another visit won the race: read the new count and try again
            }
        }
    }
}
