package dev.bindery.internal.invoke;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import dev.bindery.internal.routing.EventFilter;

/**
 * Everything the host knows of one function: its name, the method and the instance to call it on, its filters, where
 * it runs and its reply attributes. Built once at start-up from what the build discovered.
 */
public final class FunctionDefinition {

    private final String name;
    private final Method method;
    private final Supplier<?> target;
    private final List<EventFilter> filters;
    private final ExecutionMode executionMode;
    private final String replyType;
    private final String replySource;
    private final List<Subscription> subscriptions;

    /**
     * The function's subscription to a topic: the subscribers of one topic are routed among themselves by their
     * filters, the same way as every other event.
     *
     * @param filters the subscriber's filters; empty: every event of the topic that no filtered subscriber takes
     */
    public record Subscription(String pubsub, String topic, List<EventFilter> filters) {
        public Subscription {
            Objects.requireNonNull(pubsub, "pubsub");
            Objects.requireNonNull(topic, "topic");
            filters = filters == null || filters.isEmpty() ? List.of(EventFilter.any()) : List.copyOf(filters);
        }
    }

    private FunctionDefinition(Builder builder) {
        this.name = builder.name;
        this.method = builder.method;
        this.target = builder.target;
        this.filters = builder.filters == null || builder.filters.isEmpty()
                ? List.of(EventFilter.typeEquals(name))
                : List.copyOf(builder.filters);
        this.executionMode = builder.executionMode;
        this.replyType = builder.replyType == null || builder.replyType.isEmpty()
                ? name + ".output"
                : builder.replyType;
        this.replySource = builder.replySource == null || builder.replySource.isEmpty() ? name : builder.replySource;
        this.subscriptions = List.copyOf(builder.subscriptions);
    }

    /**
     * @param name the function's name, unique in the application
     * @param method a public method
     */
    public static Builder builder(String name, Method method) {
        return new Builder(name, method);
    }

    public String name() {
        return name;
    }

    public Method method() {
        return method;
    }

    Supplier<?> target() {
        return target;
    }

    /** @return the filters that route events to this function; the default is {@code type} equals the name */
    public List<EventFilter> filters() {
        return filters;
    }

    public ExecutionMode executionMode() {
        return executionMode;
    }

    public String replyType() {
        return replyType;
    }

    public String replySource() {
        return replySource;
    }

    /** @return the topics the function is subscribed to */
    public List<Subscription> subscriptions() {
        return subscriptions;
    }

    /** Builds a {@link FunctionDefinition}; validates on {@link #build()}. */
    public static final class Builder {
        private final String name;
        private final Method method;
        private Supplier<?> target;
        private List<EventFilter> filters;
        private ExecutionMode executionMode = ExecutionMode.WORKER;
        private String replyType;
        private String replySource;
        private final List<Subscription> subscriptions = new java.util.ArrayList<>();

        private Builder(String name, Method method) {
            this.name = Objects.requireNonNull(name, "name");
            this.method = Objects.requireNonNull(method, "method");
        }

        /** The instance to invoke the method on; ignored for static methods. */
        public Builder target(Supplier<?> target) {
            this.target = target;
            return this;
        }

        public Builder filters(List<EventFilter> filters) {
            this.filters = filters;
            return this;
        }

        public Builder executionMode(ExecutionMode executionMode) {
            this.executionMode = Objects.requireNonNull(executionMode, "executionMode");
            return this;
        }

        public Builder replyType(String replyType) {
            this.replyType = replyType;
            return this;
        }

        public Builder replySource(String replySource) {
            this.replySource = replySource;
            return this;
        }

        /** Subscribes the function to a topic of a pub/sub component. */
        public Builder subscription(Subscription subscription) {
            this.subscriptions.add(Objects.requireNonNull(subscription, "subscription"));
            return this;
        }

        public FunctionDefinition build() {
            if (name.isEmpty()) {
                throw new IllegalArgumentException("A function name must not be empty (" + method + ")");
            }
            if (!Modifier.isPublic(method.getModifiers())) {
                throw new IllegalArgumentException("Function '" + name + "' (" + method + ") must be public");
            }
            if (target == null && !Modifier.isStatic(method.getModifiers())) {
                throw new IllegalArgumentException("Function '" + name + "' (" + method + ") needs a target instance");
            }
            return new FunctionDefinition(this);
        }
    }
}
