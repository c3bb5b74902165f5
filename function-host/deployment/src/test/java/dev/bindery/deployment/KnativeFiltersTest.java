package dev.bindery.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.sql.EvaluationException;
import io.cloudevents.sql.EvaluationRuntime;
import io.cloudevents.sql.Parser;

import dev.bindery.internal.routing.EventFilter;
import dev.bindery.internal.routing.RouteTable;
import dev.bindery.internal.routing.RouteTable.Route;
import dev.bindery.runtime.internal.RecordedFunction;

/**
 * The generated Triggers filter as the runtime routes: a table of events × functions where the Trigger's filter, as
 * written to {@code triggers.yaml} and evaluated with the semantics of Knative's brokers ({@link TriggerFilter}), the
 * runtime's {@link EventFilter} and the expected answer all agree; and the function the runtime routes an event to is
 * one whose Trigger delivers it.
 */
class KnativeFiltersTest {

    /** The functions, by name, and their filters' parts as {@code @OnEvent} records them. */
    private static final Map<String, List<String>> FUNCTIONS = new LinkedHashMap<>();
    static {
        FUNCTIONS.put("placed", List.of("type=com.example.order.placed"));
        FUNCTIONS.put("shopOrders", List.of("type^=com.example.order.", "source^=/shop"));
        FUNCTIONS.put("webOrAppOrders", List.of("type=com.example.order.placed", "any:source^=/shop/web",
                "any:source^=/shop/app"));
        FUNCTIONS.put("realCancellations", List.of("type=com.example.order.cancelled", "not:tenant=test",
                "not:source$=/replay"));
        FUNCTIONS.put("bigEuOrders", List.of("type=com.example.order.placed",
                "sql:LOWER(region) = 'eu' AND amount > 100"));
        FUNCTIONS.put("urgentAlerts", List.of("sql:EXISTS priority AND CONCAT(type, ':', UPPER(priority)) = "
                + "'com.example.alert:HIGH'"));
        FUNCTIONS.put("pngs", List.of("subject$=.png"));
    }

    private static CloudEventBuilder event(String type, String source) {
        return CloudEventBuilder.v1().withId("e").withType(type).withSource(URI.create(source));
    }

    /** Events and the functions whose filters match each, as a reader of the filters above would say. */
    static Stream<Arguments> table() {
        return Stream.of(
                row("placed on the web in the EU, big (integer extension)",
                        event("com.example.order.placed", "/shop/web").withExtension("region", "EU")
                                .withExtension("amount", 150),
                        "placed", "shopOrders", "webOrAppOrders", "bigEuOrders"),
                row("placed at a kiosk in the EU, small (string extension)",
                        event("com.example.order.placed", "/shop/kiosk").withExtension("region", "eu")
                                .withExtension("amount", "50"),
                        "placed", "shopOrders"),
                row("placed by a partner without region or amount: CESQL's missing attribute is false",
                        event("com.example.order.placed", "/partner"), "placed"),
                row("placed in the app with a non-numeric amount: CESQL's cast error is false",
                        event("com.example.order.placed", "/shop/app").withExtension("region", "eu")
                                .withExtension("amount", "lots"),
                        "placed", "shopOrders", "webOrAppOrders"),
                row("cancelled by a test tenant", event("com.example.order.cancelled", "/shop/app")
                        .withExtension("tenant", "test"), "shopOrders"),
                row("cancelled by a replay", event("com.example.order.cancelled", "/partner/replay")),
                row("cancelled by a partner, no tenant: an absent attribute never matches, so not holds",
                        event("com.example.order.cancelled", "/partner"), "realCancellations"),
                row("urgent alert with a picture", event("com.example.alert", "/ops").withSubject("shot.png")
                        .withExtension("priority", "high"), "urgentAlerts", "pngs"),
                row("alert without priority: EXISTS short-circuits", event("com.example.alert", "/ops")
                        .withSubject("shot.png"), "pngs"),
                row("low alert", event("com.example.alert", "/ops").withExtension("priority", "low")));
    }

    private static Arguments row(String name, CloudEventBuilder event, String... matching) {
        return Arguments.of(name, event.build(), new TreeSet<>(List.of(matching)));
    }

    private static final Map<String, EventFilter> FILTERS = new LinkedHashMap<>();
    private static final Map<String, Map<String, Object>> TRIGGER_SPECS = new LinkedHashMap<>();
    private static final RouteTable<String> ROUTES;
    static {
        List<RecordedFunction> functions = new ArrayList<>();
        List<Route<String>> routes = new ArrayList<>();
        FUNCTIONS.forEach((name, parts) -> {
            EventFilter filter = EventFilter.parse(parts);
            FILTERS.put(name, filter);
            routes.add(new Route<>(name, filter, name));
            RecordedFunction function = new RecordedFunction();
            function.setName(name);
            function.recordFilters(List.of(filter));
            functions.add(function);
        });
        assertThat(RouteTable.ambiguities(routes)).isEmpty();
        ROUTES = new RouteTable<>(routes);
        KnativeManifests.Files files = KnativeManifests.generate(functions, KnativeManifestsTest.SETTINGS,
                binding -> Optional.empty(), KnativeSecrets.NONE);
        for (Map<String, Object> trigger : writtenAndReadBack(files.triggers())) {
            @SuppressWarnings("unchecked")
            Map<String, Object> labels = (Map<String, Object>) ((Map<String, Object>) trigger.get("metadata"))
                    .get("labels");
            TRIGGER_SPECS.put((String) labels.get("bindery.dev/function"), KnativeManifestsTest.spec(trigger));
        }
    }

    /** The Triggers as Knative reads them: through the YAML the build writes. */
    private static List<Map<String, Object>> writtenAndReadBack(List<Map<String, Object>> triggers) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try {
            return yaml.readValue(yaml.writeValueAsString(triggers), new TypeReference<>() {
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void theTriggerTheRuntimeAndTheTableAgree(String name, CloudEvent event, Set<String> expected) {
        Set<String> byTriggers = new TreeSet<>();
        Set<String> byRuntime = new TreeSet<>();
        for (String function : FUNCTIONS.keySet()) {
            if (TriggerFilter.matches(TRIGGER_SPECS.get(function), event)) {
                byTriggers.add(function);
            }
            if (FILTERS.get(function).matches(event)) {
                byRuntime.add(function);
            }
        }
        assertThat(byRuntime).as("the runtime's filters").isEqualTo(expected);
        assertThat(byTriggers).as("the generated Triggers' filters").isEqualTo(expected);

        Route<String> routed = ROUTES.find(event);
        if (expected.isEmpty()) {
            assertThat(routed).isNull();
        } else {
            assertThat(expected).as("the routed function's Trigger delivers the event").contains(routed.function());
        }
    }

    @Test
    void theMostSpecificWinsAndEquallySpecificSqlAndAnyGoByName() {
        CloudEvent bigWebOrder = event("com.example.order.placed", "/shop/web").withExtension("region", "eu")
                .withExtension("amount", 150).build();
        assertThat(ROUTES.find(bigWebOrder).function()).isEqualTo("bigEuOrders");
        CloudEvent smallWebOrder = event("com.example.order.placed", "/shop/web").build();
        assertThat(ROUTES.find(smallWebOrder).function()).isEqualTo("webOrAppOrders");
    }

    @Test
    void exactOnlyFiltersKeepTheAttributesFormAndTheRestUseTheFiltersDialect() {
        assertThat(TRIGGER_SPECS.get("placed")).containsEntry("filter",
                Map.of("attributes", Map.of("type", "com.example.order.placed"))).doesNotContainKey("filters");
        assertThat(TRIGGER_SPECS.get("webOrAppOrders").get("filters")).isEqualTo(List.of(Map.of("all", List.of(
                Map.of("exact", Map.of("type", "com.example.order.placed")),
                Map.of("any", List.of(Map.of("prefix", Map.of("source", "/shop/web")),
                        Map.of("prefix", Map.of("source", "/shop/app"))))))));
        assertThat(TRIGGER_SPECS.get("realCancellations").get("filters")).isEqualTo(List.of(Map.of("all", List.of(
                Map.of("exact", Map.of("type", "com.example.order.cancelled")),
                Map.of("not", Map.of("exact", Map.of("tenant", "test"))),
                Map.of("not", Map.of("suffix", Map.of("source", "/replay")))))));
        assertThat(TRIGGER_SPECS.get("bigEuOrders").get("filters")).isEqualTo(List.of(Map.of("all", List.of(
                Map.of("exact", Map.of("type", "com.example.order.placed")),
                Map.of("cesql", "LOWER(region) = 'eu' AND amount > 100")))));
    }

    /**
     * A Trigger's filter evaluated as Knative Eventing's brokers do: {@code filters} (when present, it wins over
     * {@code filter}) is a list that must all hold, each entry one dialect — {@code exact}, {@code prefix},
     * {@code suffix} (every attribute of the map, compared as strings; an absent attribute does not match),
     * {@code all}, {@code any}, {@code not}, and {@code cesql}, evaluated with the CloudEvents SDK's SQL module as the
     * Kafka broker's {@code CeSqlFilter} does ({@code tryEvaluate}; an evaluation error is false). {@code
     * filter.attributes} is exact match on each attribute. Written from Knative's documentation, independently of
     * {@link EventFilter}.
     */
    static final class TriggerFilter {

        @SuppressWarnings("unchecked")
        static boolean matches(Map<String, Object> spec, CloudEvent event) {
            if (spec.containsKey("filters")) {
                return ((List<Map<String, Object>>) spec.get("filters")).stream().allMatch(f -> evaluate(f, event));
            }
            Map<String, Object> filter = (Map<String, Object>) spec.get("filter");
            if (filter == null) {
                return true;
            }
            return ((Map<String, Object>) filter.get("attributes")).entrySet().stream()
                    .allMatch(a -> a.getValue().equals(attribute(event, a.getKey())));
        }

        @SuppressWarnings("unchecked")
        private static boolean evaluate(Map<String, Object> expression, CloudEvent event) {
            assertThat(expression).as("one dialect per filter expression").hasSize(1);
            Map.Entry<String, Object> entry = expression.entrySet().iterator().next();
            Object argument = entry.getValue();
            switch (entry.getKey()) {
                case "exact" :
                    return compare((Map<String, Object>) argument, event, String::equals);
                case "prefix" :
                    return compare((Map<String, Object>) argument, event, String::startsWith);
                case "suffix" :
                    return compare((Map<String, Object>) argument, event, String::endsWith);
                case "all" :
                    return ((List<Map<String, Object>>) argument).stream().allMatch(f -> evaluate(f, event));
                case "any" :
                    return ((List<Map<String, Object>>) argument).stream().anyMatch(f -> evaluate(f, event));
                case "not" :
                    return !evaluate((Map<String, Object>) argument, event);
                case "cesql" :
                    try {
                        return Boolean.TRUE.equals(Parser.parseDefault((String) argument)
                                .tryEvaluate(EvaluationRuntime.getDefault(), event));
                    } catch (EvaluationException e) {
                        return false;
                    }
                default :
                    throw new AssertionError("not a Knative filter dialect: " + entry.getKey());
            }
        }

        private static boolean compare(Map<String, Object> attributes, CloudEvent event,
                java.util.function.BiPredicate<String, String> test) {
            return attributes.entrySet().stream().allMatch(a -> {
                String actual = attribute(event, a.getKey());
                return actual != null && test.test(actual, (String) a.getValue());
            });
        }

        private static String attribute(CloudEvent event, String name) {
            Object value = event.getAttributeNames().contains(name)
                    ? event.getAttribute(name)
                    : event.getExtension(name);
            return value == null ? null : value.toString();
        }
    }
}
