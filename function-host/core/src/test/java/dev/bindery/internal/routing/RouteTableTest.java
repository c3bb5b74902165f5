package dev.bindery.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import dev.bindery.internal.routing.RouteTable.Route;
import dev.bindery.testing.TestEvents;

class RouteTableTest {

    private static Route<String> route(String function, String... conditions) {
        return new Route<>(function, EventFilter.parse(List.of(conditions)), function);
    }

    private static CloudEvent event(String type, String source, String subject) {
        return CloudEventBuilder.v1().withId("1").withType(type).withSource(URI.create(source)).withSubject(subject)
                .build();
    }

    @Test
    void mostSpecificMatchWins() {
        RouteTable<String> table = new RouteTable<>(List.of(
                route("anyOrder", "type^=com.example.order."),
                route("placed", "type=com.example.order.placed"),
                route("placedOnWeb", "type=com.example.order.placed", "source=/shop/web"),
                route("pngs", "subject$=.png")));

        assertThat(table.find(TestEvents.event("http/order-placed.json")).function()).isEqualTo("placedOnWeb");
        assertThat(table.find(event("com.example.order.placed", "/shop/app", "1")).function()).isEqualTo("placed");
        assertThat(table.find(event("com.example.order.cancelled", "/shop/app", "1")).function())
                .isEqualTo("anyOrder");
        assertThat(table.find(event("com.example.order.placed", "/x", "a.png")).function()).isEqualTo("placed");
        assertThat(table.find(event("upload", "/x", "a.png")).function()).isEqualTo("pngs");
        assertThat(table.find(event("upload", "/x", "a.gif"))).isNull();
    }

    @Test
    void untypedFilterBeatsLessSpecificTypedFilter() {
        RouteTable<String> table = new RouteTable<>(List.of(
                route("byType", "type=upload"),
                route("bySourceAndSubject", "source=/photos", "subject$=.png")));

        assertThat(table.find(event("upload", "/photos", "a.png")).function()).isEqualTo("bySourceAndSubject");
        assertThat(table.find(event("upload", "/docs", "a.png")).function()).isEqualTo("byType");
    }

    @Test
    void ambiguitiesNameBothFunctionsAndTheFix() {
        List<String> problems = RouteTable.ambiguities(List.of(
                route("a", "type=x"),
                route("b", "type=x"),
                route("c", "type=x", "source=/y"),
                route("d", "source=/z"),
                route("e", "type^=com."),
                route("f", "type^=org.")));

        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).contains("'a' [type=x]", "'b' [type=x]", "Make one filter more specific");
        assertThat(problems.get(1)).contains("'a' [type=x]", "'d' [source=/z]");
        assertThat(problems.get(2)).contains("'b' [type=x]", "'d' [source=/z]");
    }

    @Test
    void oneFunctionsOwnFiltersNeverConflict() {
        assertThat(RouteTable.ambiguities(List.of(route("a", "type=x"), route("a", "source=/y")))).isEmpty();
    }

    @Test
    void aSqlConditionNarrowsAFilterAndEquallySpecificUndecidableMatchesGoByFunctionName() {
        List<Route<String>> routes = List.of(
                route("placed", "type=com.example.order.placed"),
                route("webOrders", "type=com.example.order.placed", "sql:source LIKE '/shop/web%'"),
                route("firstOrders", "type=com.example.order.placed", "sql:subject = '1001'"));
        RouteTable<String> table = new RouteTable<>(routes);

        assertThat(RouteTable.ambiguities(routes)).as("SQL overlap is not decided").isEmpty();
        assertThat(table.find(event("com.example.order.placed", "/shop/app", "7")).function()).isEqualTo("placed");
        assertThat(table.find(event("com.example.order.placed", "/shop/web", "7")).function())
                .isEqualTo("webOrders");
        assertThat(table.find(event("com.example.order.placed", "/shop/web", "1001")).function())
                .as("both match with equal specificity: first by name").isEqualTo("firstOrders");
    }

    @Test
    void identicalFiltersWithSqlAreStillAmbiguous() {
        assertThat(RouteTable.ambiguities(List.of(
                route("one", "type=a", "sql:subject = 'x'"),
                route("two", "type=a", "sql:subject = 'x'"))))
                .singleElement().asString().contains("Functions 'one' [type=a AND sql(subject = 'x')] and 'two'");
        assertThat(RouteTable.ambiguities(List.of(
                route("one", "type=a", "not:subject=x"),
                route("two", "type=b", "not:subject=x")))).as("decided on attributes: disjoint types").isEmpty();
    }
}
