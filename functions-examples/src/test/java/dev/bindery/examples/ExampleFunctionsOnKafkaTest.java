package dev.bindery.examples;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The example contract again, with pub/sub on a real Kafka broker chosen by configuration alone. */
@QuarkusTest
@TestProfile(ExampleFunctionsOnKafkaTest.OnKafka.class)
class ExampleFunctionsOnKafkaTest extends InProcessExampleFunctionsTest {

    /** A profile of its own, so the Kafka broker serves only this test class. */
    public static class OnKafka implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bindery.state.default.data-dir", "target/test-state/kafka-default",
                    "bindery.state.orders.data-dir", "target/test-state/kafka-orders");
        }

        @Override
        public java.util.List<TestResourceEntry> testResources() {
            return java.util.List.of(new TestResourceEntry(KafkaBroker.class));
        }
    }
}
