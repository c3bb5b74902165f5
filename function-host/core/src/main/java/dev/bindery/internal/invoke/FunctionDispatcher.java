package dev.bindery.internal.invoke;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;

import dev.bindery.function.EventRejectedException;
import dev.bindery.function.NotFoundException;
import dev.bindery.internal.actors.ActorAddress;
import dev.bindery.internal.routing.EventFilter;
import dev.bindery.internal.routing.RouteTable;
import dev.bindery.internal.routing.RouteTable.Route;
import dev.bindery.internal.state.UnitOfWork;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.Dispatcher;
import dev.bindery.spi.dispatch.InvocationListener.Scope;
import dev.bindery.spi.dispatch.Outcome;
import dev.bindery.spi.dispatch.Stage;

/**
 * The {@link Dispatcher}: resolves the function (one {@link RouteTable} for routed events and one per subscribed
 * topic), runs the stages in order around it, binds the arguments, runs the function where its
 * {@link ExecutionMode} says, and turns its result or failure into an {@link Outcome}. Thread-safe; built once at
 * start-up.
 */
public final class FunctionDispatcher implements Dispatcher {

    private final Map<String, Invocable> byName = new HashMap<>();
    private final RouteTable<Invocable> routes;
    private final Map<DispatchRequest.Topic, RouteTable<Invocable>> topics = new HashMap<>();
    private final Map<ExecutionMode, Executor> executors;
    private final Stage[] stages;

    /**
     * @param functions the application's functions
     * @param mapper binds data and serializes replies: the application's one mapper
     * @param executors where {@link ExecutionMode#WORKER} and {@link ExecutionMode#VIRTUAL_THREAD} functions run;
     *        {@link ExecutionMode#EVENT_LOOP} functions run on the caller's thread
     * @param stages run around every invocation, ordered by {@link Stage#order()}
     */
    public FunctionDispatcher(List<FunctionDefinition> functions, ObjectMapper mapper,
            Map<ExecutionMode, Executor> executors, List<Stage> stages) {
        List<Route<Invocable>> table = new ArrayList<>();
        Map<DispatchRequest.Topic, List<Route<Invocable>>> topicTables = new LinkedHashMap<>();
        for (FunctionDefinition definition : functions) {
            Invocable invocable = new Invocable(definition, mapper);
            if (byName.put(definition.name(), invocable) != null) {
                throw new IllegalArgumentException("Two functions are named '" + definition.name() + "'");
            }
            for (EventFilter filter : definition.filters()) {
                table.add(new Route<>(definition.name(), filter, invocable));
            }
            for (FunctionDefinition.Subscription subscription : definition.subscriptions()) {
                List<Route<Invocable>> topicTable = topicTables.computeIfAbsent(
                        new DispatchRequest.Topic(subscription.pubsub(), subscription.topic()), t -> new ArrayList<>());
                for (EventFilter filter : subscription.filters()) {
                    topicTable.add(new Route<>(definition.name(), filter, invocable));
                }
            }
        }
        this.routes = new RouteTable<>(table);
        topicTables.forEach((topic, list) -> topics.put(topic, new RouteTable<>(list)));
        this.executors = executors.isEmpty() ? Map.of() : new EnumMap<>(executors);
        this.stages = stages.stream().sorted(Comparator.comparingInt(Stage::order)).toArray(Stage[]::new);
    }

    /** @return the names of the functions, for health and diagnostics */
    public List<String> functionNames() {
        return List.copyOf(byName.keySet());
    }

    /** @return the named function as the dispatcher runs it (its reply type resolved), for diagnostics */
    public java.util.Optional<FunctionDefinition> definition(String name) {
        Invocable invocable = byName.get(name);
        return invocable == null ? java.util.Optional.empty() : java.util.Optional.of(invocable.definition);
    }

    @Override
    public CompletionStage<Outcome> dispatch(DispatchRequest request) {
        Resolution resolution = resolution(request);
        if (resolution.invocable() == null) {
            return CompletableFuture.completedFuture(unrouted(request, resolution.function(), resolution.message()));
        }
        Invocable invocable = resolution.invocable();
        Call call = new Call(request, invocable);
        if (stages.length == 0) {
            return call.from(0);
        }
        return call.from(0).exceptionally(failure -> Outcome.HostFailure.of(invocable.name,
                "A stage of the pipeline failed: " + unwrap(failure), unwrap(failure), request.event()));
    }

    @Override
    public java.util.Optional<String> resolve(DispatchRequest request) {
        Invocable invocable = resolution(request).invocable();
        return invocable == null ? java.util.Optional.empty() : java.util.Optional.of(invocable.name);
    }

    /**
     * The function a request goes to, or why none does.
     *
     * @param function the function named by the request when it names one that does not exist, else null
     */
    private record Resolution(Invocable invocable, String function, String message) {
    }

    private Resolution resolution(DispatchRequest request) {
        CloudEvent event = request.event();
        DispatchRequest.Target target = request.target();
        if (target instanceof DispatchRequest.Function named) {
            Invocable invocable = byName.get(named.name());
            if (invocable == null) {
                String message = ActorAddress.functionOf(event) != null
                        ? "No actor type '" + event.getExtension(ActorAddress.TYPE) + "' has a method '"
                                + event.getExtension(ActorAddress.METHOD) + "'"
                        : "No function is named '" + named.name() + "'";
                return new Resolution(null, named.name(), message);
            }
            return new Resolution(invocable, null, null);
        }
        if (target instanceof DispatchRequest.Routed && ActorAddress.functionOf(event) != null) {
            // an event naming an actor goes to that actor's method, whatever its type attribute says
            String function = ActorAddress.functionOf(event);
            Invocable invocable = byName.get(function);
            return invocable != null
                    ? new Resolution(invocable, null, null)
                    : new Resolution(null, function, "No actor type '" + event.getExtension(ActorAddress.TYPE)
                            + "' has a method '" + event.getExtension(ActorAddress.METHOD) + "'");
        }
        RouteTable<Invocable> table = target instanceof DispatchRequest.Topic topic ? topics.get(topic) : routes;
        Route<Invocable> route = table == null ? null : table.find(event);
        return route == null
                ? new Resolution(null, null, noRoute(event, target))
                : new Resolution(route.target(), null, null);
    }

    /** Lets the stages answer a request no function is found for (an unauthenticated sender learns nothing). */
    private Outcome unrouted(DispatchRequest request, String function, String message) {
        for (Stage stage : stages) {
            Outcome answer = stage.unrouted(request, function);
            if (answer != null) {
                return answer;
            }
        }
        return new Outcome.NotFound(null, message);
    }

    private static String noRoute(CloudEvent event, DispatchRequest.Target target) {
        String where = target instanceof DispatchRequest.Topic topic
                ? "No subscriber of topic '" + topic.topic() + "' (pub/sub '" + topic.pubsub() + "') matches"
                : "No function matches";
        return where + " event type '" + event.getType() + "' from source '" + event.getSource() + "' (id '"
                + event.getId() + "')";
    }

    /**
     * One dispatch on its way through the stages to the function. Each stage gets the rest of the chain from its own
     * place, so a stage may run the rest again (a transaction retried after a conflict).
     */
    private final class Call implements Stage.Dispatch {
        private final DispatchRequest request;
        private final Invocable invocable;
        private CloudEvent event;
        private List<Supplier<Scope>> scopes;

        Call(DispatchRequest request, Invocable invocable) {
            this.request = request;
            this.invocable = invocable;
            this.event = request.event();
        }

        @Override
        public CloudEvent event() {
            return event;
        }

        @Override
        public void replaceEvent(CloudEvent replacement) {
            event = Objects.requireNonNull(replacement, "event");
        }

        @Override
        public String function() {
            return invocable.name;
        }

        @Override
        public DispatchRequest request() {
            return request;
        }

        @Override
        public void aroundFunction(Supplier<Scope> scope) {
            if (scopes == null) {
                scopes = new ArrayList<>(2);
            }
            scopes.add(scope);
        }

        CompletionStage<Outcome> from(int index) {
            if (index < stages.length) {
                try {
                    return stages[index].apply(this, dispatch -> from(index + 1));
                } catch (RuntimeException e) {
                    return CompletableFuture.completedFuture(Outcome.HostFailure.of(invocable.name,
                            "A stage of the pipeline failed: " + e, e, event));
                }
            }
            return run();
        }

        private CompletionStage<Outcome> run() {
            Executor executor = executors.get(invocable.mode);
            if (executor == null) {
                return invocable.invoke(event, scopes);
            }
            CompletableFuture<Outcome> result = new CompletableFuture<>();
            try {
                CloudEvent current = event;
                executor.execute(() -> invocable.invoke(current, scopes).thenAccept(result::complete));
            } catch (RuntimeException rejected) {
                result.complete(Outcome.HostFailure.of(invocable.name, "The host could not schedule function '"
                        + invocable.name + "': " + rejected, rejected, event));
            }
            return result;
        }
    }

    /** One function ready to call: its method, instance, binder and reply factory. */
    private static final class Invocable {
        final String name;
        final ExecutionMode mode;
        final Method method;
        final FunctionDefinition definition;
        final ArgumentBinder binder;
        final ReplyFactory replies;

        Invocable(FunctionDefinition definition, ObjectMapper mapper) {
            this.definition = definition;
            this.name = definition.name();
            this.mode = definition.executionMode();
            this.method = definition.method();
            this.binder = new ArgumentBinder(mapper, method);
            this.replies = new ReplyFactory(name, mapper.writer(), definition.replyType(),
                    URI.create(definition.replySource()));
        }

        CompletionStage<Outcome> invoke(CloudEvent event, List<Supplier<Scope>> around) {
            FunctionEventContext context = new FunctionEventContext(name, event);
            Object result;
            // entered inside the try: a scope that fails to enter is a host failure, and those before it are closed
            Scope[] entered = around == null ? null : new Scope[around.size()];
            // a function dispatched while another runs on this thread does not write into the other's transaction
            Scope outer = UnitOfWork.suspend();
            try {
                enter(around, entered);
                Object[] args = binder.bind(event, context);
                Object target = definition.target() == null ? null : definition.target().get();
                CurrentEvent.Entered previous = CurrentEvent.enter(name, event);
                try {
                    result = method.invoke(target, args);
                } finally {
                    CurrentEvent.leave(previous);
                }
            } catch (InvocationTargetException e) {
                return CompletableFuture.completedFuture(failed(e.getCause(), event));
            } catch (InvalidDataException e) {
                return CompletableFuture.completedFuture(new Outcome.Rejected(name, e.getMessage(), e.attribute(), e));
            } catch (IllegalAccessException | RuntimeException e) {
                return CompletableFuture.completedFuture(Outcome.HostFailure.of(name, "The host failed to invoke "
                        + "function '" + name + "': " + e, e, event));
            } finally {
                exit(entered);
                outer.close();
            }
            if (result instanceof CompletionStage<?> stage) {
                return complete(stage, context, event);
            }
            if (result instanceof Uni<?> uni) {
                return complete(uni.subscribeAsCompletionStage(), context, event);
            }
            return CompletableFuture.completedFuture(succeeded(result, context, event));
        }

        private CompletionStage<Outcome> complete(CompletionStage<?> stage, FunctionEventContext context,
                CloudEvent event) {
            return stage.handle((value, failure) -> failure == null
                    ? succeeded(value, context, event)
                    : failed(unwrap(failure), event));
        }

        private Outcome succeeded(Object value, FunctionEventContext context, CloudEvent event) {
            try {
                return replies.reply(value, context);
            } catch (RuntimeException e) {
                return Outcome.HostFailure.of(name, e.getMessage(), e, event);
            }
        }

        private Outcome failed(Throwable cause, CloudEvent event) {
            String message = cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
            if (cause instanceof NotFoundException) {
                return new Outcome.NotFound(name, message);
            }
            if (cause instanceof EventRejectedException) {
                return new Outcome.Rejected(name, "Function '" + name + "' rejected the event: " + message, null,
                        cause);
            }
            if (cause instanceof SecurityException) {
                // a role check inside the function (Quarkus' @RolesAllowed throws ForbiddenException, a
                // SecurityException): the caller is not allowed, which no retry changes
                return new Outcome.Denied(name, "The caller is not allowed to do this", false);
            }
            return new Outcome.Failed(name, "Function '" + name + "' failed: " + message, cause);
        }

        private static void enter(List<Supplier<Scope>> around, Scope[] entered) {
            if (around != null) {
                for (int i = 0; i < entered.length; i++) {
                    entered[i] = around.get(i).get();
                }
            }
        }

        private static void exit(Scope[] entered) {
            if (entered != null) {
                for (int i = entered.length - 1; i >= 0; i--) {
                    if (entered[i] != null) {
                        entered[i].close();
                    }
                }
            }
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
