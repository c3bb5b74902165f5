package dev.bindery.bindings.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.bindery.bindings.camel.internal.BindingSpec;

/** How short forms expand to Camel URIs, and how wrong options are refused. */
class BindingSpecTest {

    @Test
    void shortFormsExpandToCamelUrisWithTheirDefaults() {
        assertThat(BindingSpec.parse("nightly", Map.of("cron", "0 0 2 * * ?")).inputUri("app", "cf"))
                .isEqualTo("quartz:bindery/nightly?cron=RAW(0 0 2 * * ?)&stateful=RAW(true)");
        assertThat(BindingSpec.parse("orders", Map.of("sqs", "orders", "region", "eu-west-1")).inputUri("app", "cf"))
                .startsWith("aws2-sqs://orders?region=RAW(eu-west-1)&useDefaultCredentialsProvider=RAW(true)")
                .contains("deleteAfterRead=RAW(true)");
        assertThat(BindingSpec.parse("uploads", Map.of("s3", "bkt", "endpoint", "http://127.0.0.1:9000"))
                .inputUri("app", "cf")).contains("deleteAfterRead=RAW(false)", "forcePathStyle=RAW(true)",
                        "uriEndpointOverride=RAW(http://127.0.0.1:9000)", "delay=RAW(5000)");
        assertThat(BindingSpec.parse("events", Map.of("kafka", "events", "brokers", "k:9092")).inputUri("app", "cf"))
                .contains("kafka:events?", "groupId=RAW(app)", "breakOnFirstError=RAW(true)");
        assertThat(BindingSpec.parse("jobs", Map.of("amqp", "jobs", "url", "amqp://b:5672")).inputUri("app", "cf"))
                .isEqualTo("amqp:queue:jobs?connectionFactory=#cf&acknowledgementModeName=RAW(CLIENT_ACKNOWLEDGE)");
        assertThat(BindingSpec.parse("any", Map.of("uri", "timer:t?period=1000", "options.delay", "5")).inputUri(
                "app", "cf")).isEqualTo("timer:t?period=1000&delay=RAW(5)");
    }

    @Test
    void daprCronShorthandsExpand() {
        assertThat(BindingSpec.parse("n", Map.of("cron", "@daily")).cronExpression()).isEqualTo("0 0 0 * * ?");
        assertThat(BindingSpec.parse("n", Map.of("cron", "@hourly")).cronExpression()).isEqualTo("0 0 * * * ?");
        assertThat(BindingSpec.parse("n", Map.of("cron", "@every 1m")).inputUri("app", "cf"))
                .isEqualTo("timer:bindery-n?period=RAW(60000)&fixedRate=RAW(true)");
    }

    @Test
    void wrongOptionsAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> BindingSpec.parse("b", Map.of("sqs", "q", "regoin", "x")))
                .hasMessageContaining("bindery.bindings.b.regoin is not a binding option");
        assertThatThrownBy(() -> BindingSpec.parse("b", Map.of("sqs", "q", "s3", "b")))
                .hasMessageContaining("needs exactly one of").hasMessageContaining("[sqs, s3]");
        assertThatThrownBy(() -> BindingSpec.parse("b", Map.of("region", "x")))
                .hasMessageContaining("needs exactly one of");
        assertThatThrownBy(() -> BindingSpec.parse("b", Map.of("kafka", "t")))
                .hasMessageContaining("bindery.bindings.b.brokers is missing");
        assertThatThrownBy(() -> BindingSpec.parse("b", Map.of("sqs", "q", "retry-attempts", "0")))
                .hasMessageContaining("retry-attempts is '0'");
        assertThatThrownBy(() -> BindingSpec.parse("b", Map.of("sqs", "q", "retry-max-delay", "soon")))
                .hasMessageContaining("retry-max-delay is 'soon'");
        assertThatThrownBy(() -> BindingSpec.parse("b", Map.of("s3", "q", "notifications", "s3")))
                .hasMessageContaining("on sqs bindings");
        assertThatThrownBy(() -> BindingSpec.parse("b", Map.of("s3", "q", "access-key", "a")))
                .hasMessageContaining("secret-key is missing");
    }
}
