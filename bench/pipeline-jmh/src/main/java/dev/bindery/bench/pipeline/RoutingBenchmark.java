package dev.bindery.bench.pipeline;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import dev.bindery.internal.routing.EventFilter;
import dev.bindery.internal.routing.RouteTable;
import dev.bindery.internal.routing.RouteTable.Route;

/**
 * The routing step alone: finding the function of an event among twenty, where the winning filter is exact
 * conditions ({@code type} and {@code source}), the same {@code type} plus the equivalent CESQL expression, or a CESQL
 * expression with functions and an extension. Each CESQL expression is compiled once, when the table is built, as the
 * host does at start-up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
public class RoutingBenchmark {

    @Param({"exact", "cesql", "cesql-functions"})
    public String filter;

    private RouteTable<String> table;
    private CloudEvent event;

    @Setup
    public void setUp() {
        List<String> winning = switch (filter) {
            case "exact" -> List.of("type=com.example.order.placed", "source=/shop/web");
            case "cesql" -> List.of("type=com.example.order.placed", "sql:source = '/shop/web'");
            case "cesql-functions" -> List.of("type=com.example.order.placed",
                    "sql:LOWER(source) LIKE '/shop/%' AND EXISTS region AND UPPER(region) IN ('EU', 'US')");
            default -> throw new IllegalArgumentException(filter);
        };
        List<Route<String>> routes = new ArrayList<>();
        routes.add(new Route<>("winner", EventFilter.parse(winning), "winner"));
        routes.add(new Route<>("anyPlaced", EventFilter.parse(List.of("type=com.example.order.placed")), "any"));
        for (int i = 0; i < 18; i++) {
            routes.add(new Route<>("other" + i, EventFilter.typeEquals("com.example.other" + i), "other"));
        }
        table = new RouteTable<>(routes);
        event = CloudEventBuilder.v1().withId("1").withType("com.example.order.placed")
                .withSource(URI.create("/shop/web")).withExtension("region", "eu").build();
        if (!table.find(event).function().equals("winner")) {
            throw new IllegalStateException("the " + filter + " filter does not route the event");
        }
    }

    @Benchmark
    public String route() {
        return table.find(event).function();
    }
}
