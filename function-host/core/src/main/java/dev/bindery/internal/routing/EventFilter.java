package dev.bindery.internal.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import io.cloudevents.CloudEvent;

import dev.bindery.internal.routing.AttributeCondition.Kind;

/**
 * A Knative-Trigger-style filter: all of its parts must hold. The parts are attribute conditions (exact, prefix,
 * suffix), optionally one group of conditions of which at least one must hold ({@code any}), conditions that must not
 * hold ({@code not}) and one CloudEvents SQL expression ({@code cesql}) — the dialect of a Trigger's {@code filters}.
 * Filters are ordered by specificity (more exact conditions, then more prefix/suffix conditions, then longer
 * prefix/suffix values, then more {@code any}/{@code not}/{@code cesql} parts), and two filters can be checked for
 * overlap: whether some event could match both, decided on the attribute conditions only.
 */
public final class EventFilter {

    /** Orders filters from the least to the most specific. */
    public static final Comparator<EventFilter> SPECIFICITY = Comparator.comparingInt(EventFilter::exactCount)
            .thenComparingInt(EventFilter::affixCount)
            .thenComparingInt(EventFilter::affixLength)
            .thenComparingInt(EventFilter::extraCount);

    /** Tags of the written form of the parts that are not attribute conditions. */
    static final String ANY = "any:", NOT = "not:", SQL = "sql:";

    private final List<AttributeCondition> conditions;
    private final List<AttributeCondition> anyOf;
    private final List<AttributeCondition> noneOf;
    private final CesqlCondition sql;
    private final int exactCount;
    private final int affixCount;
    private final int affixLength;

    private static final EventFilter MATCH_ALL = new EventFilter(List.of(), List.of(), List.of(), null);

    public EventFilter(List<AttributeCondition> conditions) {
        this(conditions, List.of(), List.of(), null);
        if (conditions.isEmpty()) {
            throw new IllegalArgumentException("A filter needs at least one condition");
        }
    }

    private EventFilter(List<AttributeCondition> conditions, List<AttributeCondition> anyOf,
            List<AttributeCondition> noneOf, CesqlCondition sql) {
        this.conditions = List.copyOf(conditions);
        this.anyOf = List.copyOf(anyOf);
        this.noneOf = List.copyOf(noneOf);
        this.sql = sql;
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
        return MATCH_ALL;
    }

    /**
     * A filter of every part of Knative's dialect.
     *
     * @param conditions all must hold
     * @param anyOf at least one must hold, unless empty
     * @param noneOf none may hold
     * @param sql a CESQL expression that must evaluate to {@code TRUE}, or null
     * @throws IllegalArgumentException when the filter has no part at all
     */
    public static EventFilter of(List<AttributeCondition> conditions, List<AttributeCondition> anyOf,
            List<AttributeCondition> noneOf, CesqlCondition sql) {
        if (conditions.isEmpty() && anyOf.isEmpty() && noneOf.isEmpty() && sql == null) {
            throw new IllegalArgumentException("A filter needs at least one condition");
        }
        return new EventFilter(conditions, anyOf, noneOf, sql);
    }

    /** @return the default filter of a function: {@code type} equals its name */
    public static EventFilter typeEquals(String type) {
        return new EventFilter(List.of(AttributeCondition.exact("type", type)));
    }

    /**
     * Parses the written form of {@link #toStrings()}, one part per element: attribute conditions as they are,
     * {@code any:} before each condition of the any group, {@code not:} before each negated condition, {@code sql:}
     * before the CESQL expression. The expression is parsed (compiled) here, once.
     *
     * @throws IllegalArgumentException naming the part that is wrong and why
     */
    public static EventFilter parse(List<String> parts) {
        List<AttributeCondition> parsed = new ArrayList<>(parts.size());
        List<AttributeCondition> anyOf = new ArrayList<>();
        List<AttributeCondition> noneOf = new ArrayList<>();
        CesqlCondition sql = null;
        for (String part : parts) {
            if (part.startsWith(ANY)) {
                anyOf.add(AttributeCondition.parse(part.substring(ANY.length())));
            } else if (part.startsWith(NOT)) {
                noneOf.add(AttributeCondition.parse(part.substring(NOT.length())));
            } else if (part.startsWith(SQL)) {
                if (sql != null) {
                    throw new IllegalArgumentException("A filter has at most one CESQL expression: join them with AND");
                }
                sql = CesqlCondition.parse(part.substring(SQL.length()));
            } else {
                parsed.add(AttributeCondition.parse(part));
            }
        }
        return of(parsed, anyOf, noneOf, sql);
    }

    /** @return the attribute conditions that must all hold */
    public List<AttributeCondition> conditions() {
        return conditions;
    }

    /** @return the conditions of which at least one must hold; empty when the filter has no such group */
    public List<AttributeCondition> anyOf() {
        return anyOf;
    }

    /** @return the conditions none of which may hold */
    public List<AttributeCondition> noneOf() {
        return noneOf;
    }

    /** @return the CESQL expression that must evaluate to {@code TRUE}, if any */
    public Optional<CesqlCondition> sql() {
        return Optional.ofNullable(sql);
    }

    /** @return true when the filter is attribute conditions only, whose overlap with others is decidable */
    public boolean isPlain() {
        return anyOf.isEmpty() && noneOf.isEmpty() && sql == null;
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

    int extraCount() {
        return (anyOf.isEmpty() ? 0 : 1) + noneOf.size() + (sql == null ? 0 : 1);
    }

    /** @return true when every part holds; the CESQL expression, the costliest, is evaluated last */
    public boolean matches(CloudEvent event) {
        for (AttributeCondition condition : conditions) {
            if (!condition.matches(event)) {
                return false;
            }
        }
        if (!anyOf.isEmpty() && !anyMatches(event)) {
            return false;
        }
        for (AttributeCondition condition : noneOf) {
            if (condition.matches(event)) {
                return false;
            }
        }
        return sql == null || sql.matches(event);
    }

    private boolean anyMatches(CloudEvent event) {
        for (AttributeCondition condition : anyOf) {
            if (condition.matches(event)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Decided on the attribute conditions only: {@code any}, {@code not} and CESQL parts are not considered (whether two
     * SQL expressions can both hold is undecidable in general), so for filters that are not {@link #isPlain() plain}
     * a true answer means "may overlap".
     *
     * @return true when some event can match both filters' attribute conditions: for every attribute both constrain,
     *         the two sets of conditions can hold at once
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

    /**
     * @return the parts in their written form, which {@link #parse(List)} reads back, such as
     *         {@code [type=greet, source^=/orders, any:subject=a, any:subject=b, not:tenant=test, sql:amount > 10]}
     */
    public List<String> toStrings() {
        List<String> parts = new ArrayList<>();
        conditions.forEach(condition -> parts.add(condition.toString()));
        anyOf.forEach(condition -> parts.add(ANY + condition));
        noneOf.forEach(condition -> parts.add(NOT + condition));
        if (sql != null) {
            parts.add(SQL + sql.text());
        }
        return parts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventFilter other && conditions.equals(other.conditions) && anyOf.equals(other.anyOf)
                && noneOf.equals(other.noneOf) && Objects.equals(sql, other.sql);
    }

    @Override
    public int hashCode() {
        return Objects.hash(conditions, anyOf, noneOf, sql);
    }

    /** @return the filter for people: {@code type=greet AND any(subject=a, subject=b) AND not(tenant=test) AND sql(…)} */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        conditions.forEach(condition -> parts.add(condition.toString()));
        if (!anyOf.isEmpty()) {
            parts.add(anyOf.stream().map(AttributeCondition::toString).collect(Collectors.joining(", ", "any(", ")")));
        }
        noneOf.forEach(condition -> parts.add("not(" + condition + ")"));
        if (sql != null) {
            parts.add("sql(" + sql.text() + ")");
        }
        return String.join(" AND ", parts);
    }
}
