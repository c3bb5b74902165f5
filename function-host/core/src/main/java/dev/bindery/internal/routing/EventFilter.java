package dev.bindery.internal.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.cloudevents.CloudEvent;

import dev.bindery.internal.routing.AttributeCondition.Kind;

/**
 * A Knative-Trigger-style filter: all conditions must hold. Filters are ordered by specificity (more exact conditions,
 * then more prefix/suffix conditions, then longer prefix/suffix values), and two filters can be checked for overlap:
 * whether some event could match both.
 */
public final class EventFilter {

    /** Orders filters from the least to the most specific. */
    public static final Comparator<EventFilter> SPECIFICITY = Comparator.comparingInt(EventFilter::exactCount)
            .thenComparingInt(EventFilter::affixCount)
            .thenComparingInt(EventFilter::affixLength);

    private final List<AttributeCondition> conditions;
    private final int exactCount;
    private final int affixCount;
    private final int affixLength;

    private static final EventFilter ANY = new EventFilter(List.of(), true);

    public EventFilter(List<AttributeCondition> conditions) {
        this(conditions, false);
        if (conditions.isEmpty()) {
            throw new IllegalArgumentException("A filter needs at least one condition");
        }
    }

    private EventFilter(List<AttributeCondition> conditions, boolean any) {
        this.conditions = List.copyOf(conditions);
        int exact = 0;
        int affix = 0;
        int length = 0;
        for (AttributeCondition condition : conditions) {
            if (condition.kind() == Kind.EXACT) {
                exact++;
            } else {
                affix++;
                length += condition.value().length();
            }
        }
        this.exactCount = exact;
        this.affixCount = affix;
        this.affixLength = length;
    }

    /** @return the filter that matches every event, less specific than any other */
    public static EventFilter any() {
        return ANY;
    }

    /** @return the default filter of a function: {@code type} equals its name */
    public static EventFilter typeEquals(String type) {
        return new EventFilter(List.of(AttributeCondition.exact("type", type)));
    }

    /** Parses the conditions of {@link #toString()}, one per element. */
    public static EventFilter parse(List<String> conditions) {
        List<AttributeCondition> parsed = new ArrayList<>(conditions.size());
        for (String condition : conditions) {
            parsed.add(AttributeCondition.parse(condition));
        }
        return new EventFilter(parsed);
    }

    public List<AttributeCondition> conditions() {
        return conditions;
    }

    /** @return the value of the exact {@code type} condition, if the filter has one */
    public Optional<String> exactType() {
        for (AttributeCondition condition : conditions) {
            if (condition.kind() == Kind.EXACT && condition.attribute().equals("type")) {
                return Optional.of(condition.value());
            }
        }
        return Optional.empty();
    }

    int exactCount() {
        return exactCount;
    }

    int affixCount() {
        return affixCount;
    }

    int affixLength() {
        return affixLength;
    }

    public boolean matches(CloudEvent event) {
        for (AttributeCondition condition : conditions) {
            if (!condition.matches(event)) {
                return false;
            }
        }
        return true;
    }

    /**
     * @return true when some event can match both filters: for every attribute both constrain, the two sets of
     *         conditions can hold at once
     */
    public boolean overlaps(EventFilter other) {
        List<AttributeCondition> all = new ArrayList<>(conditions);
        all.addAll(other.conditions);
        for (String attribute : all.stream().map(AttributeCondition::attribute).collect(Collectors.toSet())) {
            List<AttributeCondition> on = all.stream().filter(c -> c.attribute().equals(attribute)).toList();
            if (!satisfiable(on)) {
                return false;
            }
        }
        return true;
    }

    /** Conditions on one attribute can all hold when exact values agree and satisfy the rest, and affixes chain. */
    private static boolean satisfiable(List<AttributeCondition> on) {
        Optional<String> exact = on.stream().filter(c -> c.kind() == Kind.EXACT).map(AttributeCondition::value)
                .findFirst();
        if (exact.isPresent()) {
            return on.stream().allMatch(c -> c.test(exact.get()));
        }
        List<String> prefixes = values(on, Kind.PREFIX);
        List<String> suffixes = values(on, Kind.SUFFIX);
        for (String a : prefixes) {
            for (String b : prefixes) {
                if (!a.startsWith(b) && !b.startsWith(a)) {
                    return false;
                }
            }
        }
        for (String a : suffixes) {
            for (String b : suffixes) {
                if (!a.endsWith(b) && !b.endsWith(a)) {
                    return false;
                }
            }
        }
        // a compatible prefix and suffix are always met by the longest prefix followed by the longest suffix
        return true;
    }

    private static List<String> values(List<AttributeCondition> on, Kind kind) {
        return on.stream().filter(c -> c.kind() == kind).map(AttributeCondition::value).toList();
    }

    /** @return true when neither filter is more specific than the other */
    public boolean sameSpecificity(EventFilter other) {
        return SPECIFICITY.compare(this, other) == 0;
    }

    /** @return the conditions in their written form, such as {@code [type=greet, source^=/orders]} */
    public List<String> toStrings() {
        return conditions.stream().map(AttributeCondition::toString).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventFilter other && conditions.equals(other.conditions);
    }

    @Override
    public int hashCode() {
        return conditions.hashCode();
    }

    @Override
    public String toString() {
        return conditions.stream().map(AttributeCondition::toString).collect(Collectors.joining(" AND "));
    }
}
