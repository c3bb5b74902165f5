package dev.bindery.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.jboss.jandex.Index;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.cloudevents.CloudEvent;
import io.quarkus.funqy.Context;
import io.quarkus.funqy.Funq;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.bindery.binding.OnBinding;
import dev.bindery.function.Delivery;
import dev.bindery.function.EventContext;
import dev.bindery.function.OnEvent;
import dev.bindery.function.ReplyWith;
import dev.bindery.pubsub.OnTopic;
import dev.bindery.runtime.internal.RecordedFunction;

/** The build-time checks, run on a real Jandex index of the classes below, as the Quarkus build runs them. */
class FunctionScannerTest {

    public static class Good {
        @Funq
        public String greet(String name) {
            return name;
        }

        @Funq("orders")
        @OnEvent(type = "com.example.order.placed")
        @OnEvent(type = "com.example.order.updated", source = "/shop")
        @ReplyWith(type = "com.example.order.accepted", source = "/orders")
        public Uni<String> place(JsonNode order, EventContext context) {
            return Uni.createFrom().item("ok");
        }

        @Funq
        @OnEvent(where = {"type^=com.example.storage.", "subject$=.png"})
        @Blocking
        public CompletionStage<Void> thumbnail(byte[] image) {
            return null;
        }

        @Funq
        @NonBlocking
        public void audit(CloudEvent event) {
        }
    }

    public static class NotPublic {
        @Funq
        String hidden(String name) {
            return name;
        }
    }

    public static class TwoData {
        @Funq
        public String both(String a, String b) {
            return a + b;
        }
    }

    public interface Shape {
    }

    public static class Unbindable {
        @Funq
        public String shape(Shape shape, EventContext one, EventContext two) {
            return "";
        }

        @Funq
        public String funqyContext(@Context String context) {
            return "";
        }

        @Funq
        public Multi<String> stream(String in) {
            return null;
        }

        @Funq
        @Blocking
        @NonBlocking
        public String confused(String in) {
            return in;
        }
    }

    public static class Overlapping {
        @Funq
        @OnEvent(type = "com.example.order.placed")
        public void first(String in) {
        }

        @Funq
        @OnEvent(source = "/shop")
        public void second(String in) {
        }

        @Funq
        @OnEvent(type = "com.example.order.placed", source = "/shop")
        public void mostSpecific(String in) {
        }
    }

    public static class BadFilters {
        @Funq
        @OnEvent(where = "Type=x")
        public void badName(String in) {
        }

        @Funq
        @OnEvent
        public void empty(String in) {
        }

        @Funq
        @ReplyWith(source = "not a uri")
        public String badSource(String in) {
            return in;
        }
    }

    public static class Duplicate {
        @Funq("same")
        public void one(String in) {
        }

        @Funq("same")
        public void two(String in) {
        }
    }

    public static class TopicWithoutName {
        @Funq
        @OnTopic(topic = "")
        public void nowhere(String order) {
        }
    }

    public static class BoundTwice {
        @Funq
        @OnBinding("nightly")
        public void report(String tick) {
        }

        @Funq
        @OnBinding("nightly")
        public void backup(String tick) {
        }

        @Funq
        @OnBinding("uploads")
        public void ingest(String object) {
        }
    }

    public static class Deliveries {
        @Funq
        @Delivery(retryAttempts = 3, retryInitialDelay = "2s", deadLetterSink = "http://dead.apps.svc")
        public void careful(String in) {
        }

        @Funq
        public void plain(String in) {
        }
    }

    public static class BadDelivery {
        @Funq
        @Delivery(retryAttempts = -1, retryInitialDelay = "soon", deadLetterSink = "dead-letters")
        public void hasty(String in) {
        }
    }

    public static class KnativeDialect {
        @Funq
        @OnEvent(type = "com.example.order.placed", any = {"source^=/shop/web",
                "source^=/shop/app"}, not = "tenant=test", sql = """
                        LOWER(region) = 'eu'
                          AND amount > 100""")
        public void bigEuOrders(String in) {
        }

        @Funq
        @OnEvent(type = "com.example.order.placed", sql = "amount <= 100")
        public void smallOrders(String in) {
        }

        @Funq
        @OnEvent(sql = "EXISTS priority")
        public void prioritized(String in) {
        }
    }

    public static class BadSql {
        @Funq
        @OnEvent(type = "com.example.order.placed", sql = "amount > 100 AND (")
        public void unfinished(String in) {
        }

        @Funq
        @OnEvent(sql = "type == 'a'")
        public void doubleEquals(String in) {
        }

        @Funq
        @OnEvent(not = "tenant")
        public void badNot(String in) {
        }

        @Funq
        @OnEvent(type = "a", sql = "subject = 'x'")
        public void one(String in) {
        }

        @Funq
        @OnEvent(type = "a", sql = "subject = 'x'")
        public void two(String in) {
        }
    }

    private static List<RecordedFunction> scan(Class<?>... classes) throws IOException {
        return FunctionScanner.scan(Index.of(classes));
    }

    private static List<String> problems(Class<?>... classes) {
        try {
            scan(classes);
        } catch (InvalidFunctionException e) {
            return e.problems();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected the scan to fail");
    }

    @Test
    void describesValidFunctions() throws IOException {
        List<RecordedFunction> functions = scan(Good.class);

        assertThat(functions).extracting(RecordedFunction::getName)
                .containsExactly("audit", "greet", "orders", "thumbnail");
        RecordedFunction audit = functions.get(0);
        assertThat(audit.getExecutionMode()).isEqualTo("EVENT_LOOP");
        assertThat(audit.getParameterTypes()).containsExactly("io.cloudevents.CloudEvent");
        RecordedFunction greet = functions.get(1);
        assertThat(greet.getFilters()).containsExactly("type=greet");
        assertThat(greet.getExecutionMode()).isEqualTo("WORKER");
        RecordedFunction orders = functions.get(2);
        assertThat(orders.getMethodName()).isEqualTo("place");
        assertThat(orders.getFilters()).containsExactly("type=com.example.order.placed",
                "type=com.example.order.updated\nsource=/shop");
        assertThat(orders.getReplyType()).isEqualTo("com.example.order.accepted");
        assertThat(orders.getReplySource()).isEqualTo("/orders");
        assertThat(orders.getExecutionMode()).as("Uni-returning functions do not block").isEqualTo("EVENT_LOOP");
        assertThat(orders.getParameterTypes()).containsExactly("com.fasterxml.jackson.databind.JsonNode",
                "dev.bindery.function.EventContext");
        RecordedFunction thumbnail = functions.get(3);
        assertThat(thumbnail.getFilters()).containsExactly("type^=com.example.storage.\nsubject$=.png");
        assertThat(thumbnail.getExecutionMode()).as("@Blocking wins over the async return").isEqualTo("WORKER");
        assertThat(thumbnail.getParameterTypes()).containsExactly("[B");
    }

    @Test
    void aMethodThatIsNotPublicFailsTheBuildWithTheFix() {
        assertThat(problems(NotPublic.class)).singleElement().asString()
                .contains("FunctionScannerTest$NotPublic#hidden(java.lang.String) is not public")
                .contains("make the method and its class public");
    }

    @Test
    void twoDataParametersFailTheBuild() {
        assertThat(problems(TwoData.class)).singleElement().asString()
                .contains("#both(java.lang.String, java.lang.String) takes 2 data parameters [a, b]")
                .contains("wrap the values in one class");
    }

    @Test
    void unsupportedParametersAndReturnsFailTheBuild() {
        List<String> problems = problems(Unbindable.class, Shape.class);

        assertThat(problems).anySatisfy(p -> assertThat(p).contains("#confused(java.lang.String) has more than one of "
                + "@Blocking, @NonBlocking and @RunOnVirtualThread"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("parameter 'context' uses Funqy's @Context")
                .contains("declare a dev.bindery.function.EventContext parameter instead"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("parameter 'shape' has type")
                .contains("is an interface without @JsonTypeInfo"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("takes 2 EventContext parameters"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("#stream(java.lang.String) returns a stream"));
        assertThat(problems).hasSize(5);
    }

    @Test
    void filtersThatOverlapWithEqualSpecificityFailTheBuild() {
        assertThat(problems(Overlapping.class)).singleElement().asString()
                .contains("Functions 'first' [type=com.example.order.placed] and 'second' [source=/shop] both match")
                .contains("Make one filter more specific");
    }

    @Test
    void malformedFiltersAndReplyAttributesFailTheBuild() {
        List<String> problems = problems(BadFilters.class);

        assertThat(problems).anySatisfy(p -> assertThat(p).contains("#badName").contains("names attribute 'Type'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("#empty").contains("@OnEvent without conditions"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("#badSource")
                .contains("@ReplyWith(source = \"not a uri\"), which is not a URI reference"));
        assertThat(problems).hasSize(3);
    }

    @Test
    void deliveryIsRecordedPerFunction() throws IOException {
        List<RecordedFunction> functions = scan(Deliveries.class);

        RecordedFunction careful = functions.stream().filter(f -> f.getName().equals("careful")).findFirst()
                .orElseThrow();
        assertThat(careful.getRetryAttempts()).isEqualTo(3);
        assertThat(careful.getRetryInitialDelay()).isEqualTo("PT2S");
        assertThat(careful.getDeadLetterSink()).isEqualTo("http://dead.apps.svc");
        RecordedFunction plain = functions.stream().filter(f -> f.getName().equals("plain")).findFirst().orElseThrow();
        assertThat(plain.getRetryAttempts()).isZero();
        assertThat(plain.getRetryInitialDelay()).isNull();
        assertThat(plain.getDeadLetterSink()).isNull();
    }

    @Test
    void aBadDeliveryFailsTheBuildNamingTheFunctionAndTheAttribute() {
        List<String> problems = problems(BadDelivery.class);

        assertThat(problems).anySatisfy(p -> assertThat(p).contains("#hasty", "retryAttempts = -1", "at least 1"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("#hasty", "retryInitialDelay = \"soon\"",
                "500ms"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("#hasty", "deadLetterSink = \"dead-letters\"",
                "absolute URI"));
        assertThat(problems).hasSize(3);
    }

    @Test
    void anyNotAndSqlAreRecordedAndReadBackWithLineBreaksKept() throws IOException {
        List<RecordedFunction> functions = scan(KnativeDialect.class);

        RecordedFunction big = functions.get(0);
        assertThat(big.getName()).isEqualTo("bigEuOrders");
        assertThat(big.eventFilters()).singleElement().satisfies(filter -> {
            assertThat(filter.toStrings()).containsExactly("type=com.example.order.placed", "any:source^=/shop/web",
                    "any:source^=/shop/app", "not:tenant=test", "sql:LOWER(region) = 'eu'\n  AND amount > 100");
        });
        assertThat(functions).extracting(RecordedFunction::getName).containsExactly("bigEuOrders", "prioritized",
                "smallOrders");
    }

    @Test
    void aCesqlExpressionThatDoesNotParseFailsTheBuildNamingTheFunctionAndThePosition() {
        List<String> problems = problems(BadSql.class);

        assertThat(problems).anySatisfy(p -> assertThat(p).contains("BadSql#unfinished(java.lang.String)")
                .contains("CESQL expression \"amount > 100 AND (\" does not parse at character 19"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("BadSql#doubleEquals(java.lang.String)")
                .contains("CESQL expression \"type == 'a'\" does not parse at character 7"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("#badNot")
                .contains("'tenant' is not of the form name=value"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("Functions 'one' [type=a AND sql(subject = 'x')]"
                + " and 'two' [type=a AND sql(subject = 'x')] both match"));
        assertThat(problems).hasSize(4);
    }

    @Test
    void duplicateNamesFailTheBuild() {
        assertThat(problems(Duplicate.class)).singleElement().asString()
                .contains("are both named 'same'").contains("give one of them another name with @Funq");
    }

    @Test
    void aSubscriptionWithoutATopicFailsTheBuild() {
        assertThat(problems(TopicWithoutName.class)).singleElement().asString()
                .contains("#nowhere(java.lang.String) has @OnTopic without a topic");
    }

    @Test
    void aBindingTriggersOneFunction() {
        assertThat(problems(BoundTwice.class)).singleElement().asString()
                .contains("are both triggered by binding 'nightly'").contains("configure a second binding");
    }

    @Test
    void aBoundFunctionRecordsItsBinding() throws IOException {
        List<RecordedFunction> functions = scan(Good.class, TopicBound.class);

        assertThat(functions.stream().filter(f -> f.getName().equals("ingest")).findFirst().orElseThrow()
                .getBinding()).isEqualTo("uploads");
        assertThat(functions.stream().filter(f -> f.getName().equals("greet")).findFirst().orElseThrow()
                .getBinding()).isNull();
    }

    public static class TopicBound {
        @Funq
        @OnBinding("uploads")
        public void ingest(String object) {
        }
    }

    @Test
    void aSubscriptionDefaultsToTheDefaultComponentAndTopicDlq() throws IOException {
        List<RecordedFunction> functions = FunctionScanner.scan(Index.of(Good.class, SubscribersOnly.class));

        RecordedFunction audit = functions.stream().filter(f -> f.getName().equals("auditOrders")).findFirst().orElseThrow();
        assertThat(audit.getTopic()).isEqualTo("orders");
        assertThat(audit.getPubsub()).isEqualTo("default");
        assertThat(audit.getDeadLetterTopic()).isEqualTo("orders-dlq");
        assertThat(audit.isFiltered()).isFalse();
        RecordedFunction cancelled = functions.stream().filter(f -> f.getName().equals("cancelled")).findFirst()
                .orElseThrow();
        assertThat(cancelled.getPubsub()).isEqualTo("kafka");
        assertThat(cancelled.getDeadLetterTopic()).isEqualTo("orders-failed");
        assertThat(cancelled.isFiltered()).isTrue();
        assertThat(functions.stream().filter(f -> f.getName().equals("greet")).findFirst().orElseThrow().getTopic())
                .isNull();
    }

    public static class SubscribersOnly {
        @Funq
        @OnTopic(topic = "orders")
        public void auditOrders(String order) {
        }

        @Funq
        @OnTopic(topic = "orders", pubsub = "kafka", deadLetterTopic = "orders-failed")
        @OnEvent(type = "com.example.order.cancelled")
        public void cancelled(String order) {
        }
    }

    @Test
    void theBuildErrorListsEveryProblem() {
        assertThatThrownBy(() -> scan(NotPublic.class, TwoData.class))
                .isInstanceOf(InvalidFunctionException.class)
                .hasMessageStartingWith("Bindery cannot host 2 functions:\n - ");
    }
}
