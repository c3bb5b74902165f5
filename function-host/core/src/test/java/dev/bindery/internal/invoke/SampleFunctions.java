package dev.bindery.internal.invoke;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;

import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;

import dev.bindery.function.EventContext;
import dev.bindery.function.EventRejectedException;
import dev.bindery.function.NotFoundException;

/** Functions with every supported parameter and return shape. */
public class SampleFunctions {

    private static final SampleFunctions INSTANCE = new SampleFunctions();

    /**
     * @return a definition of the sample method named {@code method} as function {@code name}, run on the caller's
     *         thread (set another {@link ExecutionMode} on the builder)
     */
    public static FunctionDefinition.Builder function(String name, String method) {
        return FunctionDefinition.builder(name, method(method)).target(() -> INSTANCE)
                .executionMode(ExecutionMode.EVENT_LOOP);
    }

    private static java.lang.reflect.Method method(String name) {
        return Arrays.stream(SampleFunctions.class.getMethods()).filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No sample function " + name));
    }

    public record Order(String id, String item, int quantity) {
    }

    public record Accepted(String id, String by) {
    }

    public Accepted accept(Order order, EventContext context) {
        if (order.quantity() <= 0) {
            throw new EventRejectedException("quantity must be greater than 0");
        }
        context.setReplySubject(order.id());
        context.setReplyExtension("tenant", "acme");
        return new Accepted(order.id(), context.function());
    }

    public int countItems(List<Order> orders) {
        return orders.size();
    }

    public String shout(String text) {
        return text.toUpperCase();
    }

    public byte[] reverse(byte[] bytes) {
        byte[] reversed = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            reversed[i] = bytes[bytes.length - 1 - i];
        }
        return reversed;
    }

    public JsonNode tree(JsonNode node) {
        return node.get("nested");
    }

    public String describe(CloudEvent event) {
        return event.getType() + " from " + event.getSource();
    }

    public void sink(Order order) {
        if (order == null) {
            throw new IllegalStateException("no data");
        }
    }

    public CloudEvent forward(CloudEvent event, EventContext context) {
        return event;
    }

    public CompletionStage<String> later(String text) {
        return CompletableFuture.supplyAsync(() -> "later " + text);
    }

    public Uni<String> uni(String text) {
        return Uni.createFrom().item("uni " + text);
    }

    public Uni<String> uniFails(String text) {
        return Uni.createFrom().failure(new IllegalStateException("uni failed on " + text));
    }

    public Order lookup(String id) {
        throw new NotFoundException("No order " + id);
    }

    public String fails(String text) {
        throw new IllegalStateException("failed on " + text);
    }

    public Object unserializable(String text) {
        return new Object();
    }

    public String threadName(String text) {
        return Thread.currentThread().getName();
    }
}
