package dev.bindery.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.bindery.internal.routing.AttributeCondition;
import dev.bindery.internal.routing.EventFilter;

/**
 * A function's {@link EventFilter} as the filter of a Knative Trigger: {@code filter.attributes} when it is exact
 * conditions only (understood by every Knative Eventing release), else the {@code filters} dialect
 * ({@code new-trigger-filters}): one {@code all} of {@code exact}/{@code prefix}/{@code suffix} conditions, an
 * {@code any} group, a {@code not} per negated condition and the {@code cesql} expression, mirroring
 * {@link EventFilter#matches} part for part.
 */
final class KnativeFilters {

    private KnativeFilters() {
    }

    /** @return the Trigger spec's filter entry: {@code filter} or {@code filters}, and its value */
    static Map<String, Object> of(EventFilter filter) {
        boolean exactOnly = filter.isPlain()
                && filter.conditions().stream().allMatch(c -> c.kind() == AttributeCondition.Kind.EXACT);
        if (exactOnly) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            filter.conditions().forEach(condition -> attributes.put(condition.attribute(), condition.value()));
            return Map.of("filter", Map.of("attributes", attributes));
        }
        // the "filters" dialect: every part must hold
        List<Object> all = new ArrayList<>();
        filter.conditions().forEach(condition -> all.add(condition(condition)));
        if (!filter.anyOf().isEmpty()) {
            all.add(Map.of("any", filter.anyOf().stream().map(KnativeFilters::condition).toList()));
        }
        filter.noneOf().forEach(condition -> all.add(Map.of("not", condition(condition))));
        filter.sql().ifPresent(sql -> all.add(Map.of("cesql", sql.text())));
        return Map.of("filters", List.of(Map.of("all", all)));
    }

    private static Map<String, Object> condition(AttributeCondition condition) {
        return Map.of(condition.kind().name().toLowerCase(Locale.ROOT), Map.of(condition.attribute(), condition.value()));
    }
}
