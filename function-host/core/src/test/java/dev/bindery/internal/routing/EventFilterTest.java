package dev.bindery.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.cloudevents.CloudEvent;

import dev.bindery.testing.TestEvents;

class EventFilterTest {

    private final CloudEvent order = TestEvents.event("http/order-placed.json");

    private static EventFilter filter(String... conditions) {
        return EventFilter.parse(List.of(conditions));
    }

    @Test
    void exactPrefixAndSuffixMatchContextAttributes() {
        assertThat(filter("type=com.example.order.placed").matches(order)).isTrue();
        assertThat(filter("type=com.example.order").matches(order)).isFalse();
        assertThat(filter("type^=com.example.").matches(order)).isTrue();
        assertThat(filter("type$=.placed").matches(order)).isTrue();
        assertThat(filter("source^=/shop", "subject=1001").matches(order)).isTrue();
        assertThat(filter("source^=/shop", "subject=1002").matches(order)).isFalse();
    }

    @Test
    void extensionAttributesMatchAndAbsentAttributesNeverMatch() {
        assertThat(filter("knativearrivaltime^=2026-11-26").matches(order)).isTrue();
        assertThat(filter("tenant=acme").matches(order)).isFalse();
        assertThat(filter("dataschema^=http").matches(order)).isFalse();
    }

    @Test
    void parseRejectsMalformedConditionsWithTheReason() {
        assertThatThrownBy(() -> AttributeCondition.parse("type"))
                .hasMessageContaining("'type' is not of the form name=value");
        assertThatThrownBy(() -> AttributeCondition.parse("Type=x"))
                .hasMessageContaining("lower-case letters or digits");
        assertThatThrownBy(() -> AttributeCondition.parse("type^="))
                .hasMessageContaining("empty value");
    }

    @Test
    void writtenFormRoundTrips() {
        EventFilter filter = filter("type=a", "source^=/b", "subject$=.png");
        assertThat(EventFilter.parse(filter.toStrings())).isEqualTo(filter);
        assertThat(filter.toString()).isEqualTo("type=a AND source^=/b AND subject$=.png");
    }

    @Test
    void specificityCountsExactThenAffixesThenAffixLength() {
        assertThat(EventFilter.SPECIFICITY.compare(filter("type=a", "source=b"), filter("type=a"))).isPositive();
        assertThat(EventFilter.SPECIFICITY.compare(filter("type=a", "source^=/x"), filter("type=a"))).isPositive();
        assertThat(EventFilter.SPECIFICITY.compare(filter("type=a"), filter("type^=abcdefgh"))).isPositive();
        assertThat(EventFilter.SPECIFICITY.compare(filter("type^=com.example."), filter("type^=com."))).isPositive();
        assertThat(filter("type=a").sameSpecificity(filter("source=b"))).isTrue();
    }

    @Test
    void overlapIsDecidedPerAttribute() {
        assertThat(filter("type=a").overlaps(filter("type=a"))).isTrue();
        assertThat(filter("type=a").overlaps(filter("type=b"))).isFalse();
        assertThat(filter("type=a").overlaps(filter("source=b"))).isTrue();
        assertThat(filter("type=com.x").overlaps(filter("type^=com."))).isTrue();
        assertThat(filter("type=org.x").overlaps(filter("type^=com."))).isFalse();
        assertThat(filter("type^=com.").overlaps(filter("type^=com.example."))).isTrue();
        assertThat(filter("type^=com.").overlaps(filter("type^=org."))).isFalse();
        assertThat(filter("subject$=.png").overlaps(filter("subject$=.jpg"))).isFalse();
        assertThat(filter("subject^=a").overlaps(filter("subject$=z"))).isTrue();
        assertThat(filter("type=a", "subject=x").overlaps(filter("type=a", "subject=y"))).isFalse();
    }

    @Test
    void theCatchAllMatchesEveryEventAndIsLessSpecificThanAnyFilter() {
        assertThat(EventFilter.any().matches(order)).isTrue();
        assertThat(EventFilter.any().conditions()).isEmpty();
        assertThat(EventFilter.SPECIFICITY.compare(filter("type$=d"), EventFilter.any())).isPositive();
        assertThatThrownBy(() -> new EventFilter(List.of())).hasMessageContaining("at least one condition");
    }

    @Test
    void anyNeedsOneConditionNotNoneAndSqlMustBeTrue() {
        assertThat(filter("type=com.example.order.placed", "any:source^=/app", "any:source^=/shop").matches(order))
                .isTrue();
        assertThat(filter("any:source^=/app", "any:subject=9").matches(order)).isFalse();
        assertThat(filter("type=com.example.order.placed", "not:source^=/shop").matches(order)).isFalse();
        assertThat(filter("type=com.example.order.placed", "not:tenant=test").matches(order))
                .as("an absent attribute never matches, so its negation holds").isTrue();
        assertThat(filter("sql:LOWER(type) LIKE 'com.example.%' AND CONCAT(source, '#', subject) = '/shop/web#1001'")
                .matches(order)).isTrue();
        assertThat(filter("type=com.example.order.placed", "sql:subject = '1002'").matches(order)).isFalse();
    }

    @Test
    void aSqlEvaluationErrorIsFalseAndExistsGuardsOptionalAttributes() {
        assertThat(filter("sql:tenant = 'acme'").matches(order)).as("missing attribute").isFalse();
        assertThat(filter("sql:NOT (tenant = 'acme')").matches(order)).as("the error is not negated").isFalse();
        assertThat(filter("sql:NOT EXISTS tenant OR tenant = 'acme'").matches(order)).isTrue();
        assertThat(filter("sql:NOSUCHFUNCTION(type) = 'a'").matches(order)).as("unknown function").isFalse();
        assertThat(filter("sql:type").matches(order)).as("a string, not TRUE").isFalse();
    }

    @Test
    void aSqlExpressionThatDoesNotParseIsRefusedWithItsPosition() {
        assertThatThrownBy(() -> filter("sql:type = 'a' AND ("))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CESQL expression \"type = 'a' AND (\" does not parse at character 17");
        assertThatThrownBy(() -> filter("sql:type == 'a'"))
                .hasMessageContaining("does not parse at character");
        assertThatThrownBy(() -> filter("sql:a = 1", "sql:b = 2")).hasMessageContaining("at most one CESQL");
    }

    @Test
    void theWrittenFormOfEveryPartRoundTripsAndReadsWell() {
        EventFilter filter = filter("type=a", "any:source^=/b", "any:source^=/c", "not:tenant=test",
                "sql:LOWER(subject) = 'x'");
        assertThat(EventFilter.parse(filter.toStrings())).isEqualTo(filter);
        assertThat(filter.toStrings()).containsExactly("type=a", "any:source^=/b", "any:source^=/c",
                "not:tenant=test", "sql:LOWER(subject) = 'x'");
        assertThat(filter.toString())
                .isEqualTo("type=a AND any(source^=/b, source^=/c) AND not(tenant=test) AND sql(LOWER(subject) = 'x')");
        assertThat(filter.exactType()).contains("a");
        assertThat(filter.isPlain()).isFalse();
        assertThat(filter("type=a").isPlain()).isTrue();
    }

    @Test
    void moreAnyNotOrSqlPartsAreMoreSpecificOnTheSameConditions() {
        assertThat(EventFilter.SPECIFICITY.compare(filter("type=a", "sql:x = 1"), filter("type=a"))).isPositive();
        assertThat(EventFilter.SPECIFICITY.compare(filter("type=a", "not:x=1", "sql:y = 1"),
                filter("type=a", "sql:x = 1"))).isPositive();
        assertThat(EventFilter.SPECIFICITY.compare(filter("type=a", "source=b"), filter("type=a", "sql:x = 1")))
                .as("attribute conditions count first").isPositive();
        assertThat(filter("type=a", "any:x=1", "any:x=2").sameSpecificity(filter("type=a", "sql:x = 1"))).isTrue();
    }
}
