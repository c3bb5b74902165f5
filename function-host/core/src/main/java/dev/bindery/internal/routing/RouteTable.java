package dev.bindery.internal.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.cloudevents.CloudEvent;

/**
 * Finds the function for an event: of all filters that match, the most specific wins. Filters with an exact
 * {@code type} condition are indexed by type, so routing costs one map lookup plus the filters of that type.
 *
 * @param <T> what a route leads to
 */
public final class RouteTable<T> {

    /** A filter and where it leads. */
    public record Route<T>(String function, EventFilter filter, T target) {
    }

    /** Equally specific filters whose overlap cannot be decided (CESQL, any, not) are tried by function name. */
    private static final Comparator<Route<?>> MOST_SPECIFIC_FIRST = Comparator
            .<Route<?>, EventFilter>comparing(Route::filter, EventFilter.SPECIFICITY).reversed()
            .thenComparing(Route::function);

    private final Map<String, List<Route<T>>> byType = new HashMap<>();
    private final List<Route<T>> untyped = new ArrayList<>();

    public RouteTable(List<Route<T>> routes) {
        for (Route<T> route : routes) {
            route.filter().exactType().ifPresentOrElse(
                    type -> byType.computeIfAbsent(type, t -> new ArrayList<>()).add(route),
                    () -> untyped.add(route));
        }
        byType.values().forEach(list -> list.sort(MOST_SPECIFIC_FIRST));
        untyped.sort(MOST_SPECIFIC_FIRST);
    }

    /** @return the route of the most specific matching filter, or null when none matches */
    public Route<T> find(CloudEvent event) {
        Route<T> typed = first(byType.get(event.getType()), event);
        Route<T> other = first(untyped, event);
        if (typed == null) {
            return other;
        }
        if (other == null) {
            return typed;
        }
        int order = EventFilter.SPECIFICITY.compare(other.filter(), typed.filter());
        return order > 0 || order == 0 && other.function().compareTo(typed.function()) < 0 ? other : typed;
    }

    private static <T> Route<T> first(List<Route<T>> routes, CloudEvent event) {
        if (routes != null) {
            for (Route<T> route : routes) {
                if (route.filter().matches(event)) {
                    return route;
                }
            }
        }
        return null;
    }

    /**
     * Lists the pairs of routes of different functions that can match one event with equal specificity, so that no
     * filter wins. Empty when routing is unambiguous. Where a filter has {@code any}, {@code not} or CESQL parts, only
     * identical filters are reported: whether two different ones can match one event is not decided (for CESQL it is
     * undecidable), and at run time the function first by name wins among equally specific matches.
     *
     * @return one message per ambiguous pair, naming both functions, their filters and the fix
     */
    public static List<String> ambiguities(List<? extends Route<?>> routes) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < routes.size(); i++) {
            for (int j = i + 1; j < routes.size(); j++) {
                Route<?> a = routes.get(i);
                Route<?> b = routes.get(j);
                if (!a.function().equals(b.function()) && a.filter().sameSpecificity(b.filter())
                        && overlap(a.filter(), b.filter())) {
                    problems.add("Functions '" + a.function() + "' [" + a.filter() + "] and '" + b.function() + "' ["
                            + b.filter() + "] both match the same events with equal specificity, so neither wins."
                            + " Make one filter more specific (add a condition with @OnEvent) or make them disjoint.");
                }
            }
        }
        return problems;
    }

    private static boolean overlap(EventFilter a, EventFilter b) {
        return a.isPlain() && b.isPlain() ? a.overlaps(b) : a.equals(b);
    }
}
