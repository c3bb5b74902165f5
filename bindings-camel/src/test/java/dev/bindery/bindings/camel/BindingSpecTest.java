package dev.bindery.bindings.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.component.timer.TimerEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.bindery.bindings.camel.internal.BindingSpec;

/**
 * How a binding's options are read (its kind, the common options, the kind's own) and how the short forms of the
 * engine's kinds expand to endpoints: each URI is resolved by Camel, and the endpoint's properties checked.
 */
class BindingSpecTest {

    @RegisterExtension
    static final KindEndpoints endpoints = new KindEndpoints();

    private static BindingSpec spec(String name, String... options) {
        return KindEndpoints.spec(name, options);
    }

    @Test
    void aCronExpressionIsAStatefulQuartzTriggerNamedAfterTheBinding() {
        QuartzEndpoint nightly = endpoints.input(QuartzEndpoint.class, "nightly", "cron", "0 0 2 * * ?");

        assertThat(nightly.getCron()).isEqualTo("0 0 2 * * ?");
        assertThat(nightly.isStateful()).isTrue();
        assertThat(nightly.getTriggerKey().getGroup()).isEqualTo("bindery");
        assertThat(nightly.getTriggerKey().getName()).isEqualTo("nightly");
    }

    @Test
    void daprCronShorthandsExpand() {
        assertThat(endpoints.input(QuartzEndpoint.class, "daily", "cron", "@daily")
                .getCron()).isEqualTo("0 0 0 * * ?");
        assertThat(endpoints.input(QuartzEndpoint.class, "hourly", "cron", "@hourly")
                .getCron()).isEqualTo("0 0 * * * ?");
        TimerEndpoint every = endpoints.input(TimerEndpoint.class, "n", "cron", "@every 1m");
        assertThat(every.getPeriod()).isEqualTo(60_000);
        assertThat(every.isFixedRate()).isTrue();
    }

    @Test
    void aDirectoryWithSpacesIsPolledAndItsFilesMovedWhenDone() {
        FileEndpoint inbox = endpoints.input(FileEndpoint.class, "inbox", "file", "target/in box", "poll-interval", "250ms");

        assertThat(inbox.getConfiguration().getDirectory()).isEqualTo("target/in box");
        assertThat(inbox.getDelay()).isEqualTo(250);
        assertThat(inbox.getMove().toString()).contains(".done");
        FileEndpoint objects = endpoints.input(FileEndpoint.class, "bucket", "file", "target/bucket", "objects", "true");
        assertThat(objects.isNoop()).isTrue();
        assertThat(objects.isRecursive()).isTrue();
        assertThat(objects.getDelay()).isEqualTo(1000);
    }

    @Test
    void anHttpBindingKeepsItsBaseUrlAndAnswersErrorsInsteadOfThrowing() {
        HttpEndpoint hooks = endpoints.output(HttpEndpoint.class, "hooks", "http", "http://127.0.0.1:8089/api?tenant=a b");

        assertThat(hooks.getHttpUri().toString()).startsWith("http://127.0.0.1:8089/api?").contains("tenant=a");
        assertThat(hooks.isThrowExceptionOnFailure()).isFalse();
    }

    @Test
    void aUriIsTakenWholeAndCamelOptionsAreAddedToEveryKind() {
        TimerEndpoint timer = endpoints.input(TimerEndpoint.class, "any", "uri", "timer:t?period=1000", "options.delay", "5");
        assertThat(timer.getPeriod()).isEqualTo(1000);
        assertThat(timer.getDelay()).isEqualTo(5);

        FileEndpoint inbox = endpoints.input(FileEndpoint.class, "inbox", "file", "target/in", "options.readLock", "changed");
        assertThat(inbox.getReadLock()).isEqualTo("changed");
    }

    @Test
    void kindPicksOneOfSeveralBackendsAndLeavesTheOthersOptionsAlone() {
        BindingSpec reports = spec("reports", "kind", "file", "file", "target/reports", "cron", "@daily",
                "once-per-cluster", "true");

        assertThat(reports.kind()).isEqualTo("file");
        assertThatThrownBy(() -> spec("reports", "kind", "s3", "file", "target/reports"))
                .hasMessageContaining("bindery.bindings.reports.kind is 's3', but bindery.bindings.reports.s3 is "
                        + "not set");
    }

    @Test
    void wrongOptionsAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> spec("b", "file", "d", "pol-interval", "1s"))
                .hasMessageContaining("bindery.bindings.b.pol-interval is not an option of file bindings; known: [")
                .hasMessageContaining("poll-interval");
        assertThatThrownBy(() -> spec("b", "file", "d", "once-per-cluster", "true"))
                .hasMessageContaining("bindery.bindings.b.once-per-cluster is not an option of file bindings");
        assertThatThrownBy(() -> spec("b", "file", "d", "cron", "@daily"))
                .hasMessageContaining("needs exactly one of").hasMessageContaining("[cron, file]");
        assertThatThrownBy(() -> spec("b", "retry-attempts", "2")).hasMessageContaining("needs exactly one of");
        assertThatThrownBy(() -> spec("b", "file", " ")).hasMessage("bindery.bindings.b.file is empty");
        assertThatThrownBy(() -> spec("b", "file", "d", "retry-attempts", "0"))
                .hasMessage("bindery.bindings.b.retry-attempts is '0': give a whole number of 1 or more");
        assertThatThrownBy(() -> spec("b", "file", "d", "retry-max-delay", "soon"))
                .hasMessage("bindery.bindings.b.retry-max-delay is 'soon': give a duration such as 500ms, 10s or 1m");
        assertThatThrownBy(() -> spec("b", "file", "d", "objects", "yes"))
                .hasMessage("bindery.bindings.b.objects is 'yes': give true or false");
        assertThatThrownBy(() -> spec("b", "cron", "@every never"))
                .hasMessageContaining("bindery.bindings.b.cron is '@every never': give @every a duration");
        assertThatThrownBy(() -> spec("b", "cron", "@fortnightly"))
                .hasMessageContaining("the shorthands are");
    }

    @Test
    void aKindWhoseModuleIsNotOnTheClassPathNamesTheArtifactToAdd() {
        assertThatThrownBy(() -> spec("orders", "sqs", "orders"))
                .hasMessage("Binding 'orders' uses the sqs kind, which is not on the class path: add the dependency "
                        + "dev.bindery:bindery-bindings-camel-aws");
        assertThatThrownBy(() -> spec("events", "kafka", "events", "brokers", "k:9092"))
                .hasMessageContaining("add the dependency dev.bindery:bindery-bindings-camel-kafka");
        assertThat(spec("reports", "kind", "file", "file", "target/reports", "s3", "none").kind())
                .as("a kind not picked need not be on the class path").isEqualTo("file");
    }

    @Test
    void directionsAKindDoesNotHaveAreRefused() {
        assertThatThrownBy(() -> spec("hooks", "http", "http://127.0.0.1:1").inputUri(endpoints.context))
                .hasMessageContaining("is an HTTP binding, which is output only");
        assertThatThrownBy(() -> spec("nightly", "cron", "@daily").outputUri(endpoints.context))
                .hasMessageContaining("is a cron binding, which is input only");
    }
}
