package dev.bindery.internal.invoke;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;

import dev.bindery.function.EventRejectedException;
import dev.bindery.internal.routing.EventFilter;
import dev.bindery.internal.routing.RouteTable;
import dev.bindery.internal.routing.RouteTable.Route;
import dev.bindery.spi.DispatchException;
import dev.bindery.spi.Dispatcher;
import dev.bindery.spi.FunctionFailedException;
import dev.bindery.spi.HostFailureException;
import dev.bindery.spi.InvalidEventException;
import dev.bindery.spi.InvocationListener;
import dev.bindery.spi.InvocationListener.Invocation;
import dev.bindery.spi.InvocationListener.Outcome;
import dev.bindery.spi.InvocationListener.Scope;
import dev.bindery.spi.NoMatchingFunctionException;
import dev.bindery.spi.Reply;

/**
 * The {@link Dispatcher}: routes an event, binds the arguments, runs the function where its {@link ExecutionMode} says,
 * and maps its result or failure. Thread-safe; built once at start-up.
 */
public final class FunctionDispatcher implements Dispatcher {

    private final Map<String, Invocable> byName = new HashMap<>();
    private final RouteTable<Invocable> routes;
    private final Map<ExecutionMode, Executor> executors;
    private final InvocationListener listener;

    /**
     * @param functions the application's functions
     * @param mapper binds data and serializes replies
     * @param executors where {@link ExecutionMode#WORKER} and {@link ExecutionMode#VIRTUAL_THREAD} functions run;
     *        {@link ExecutionMode#EVENT_LOOP} functions run on the caller's thread
     * @param listener told of every invocation
     */
    public FunctionDispatcher(List<FunctionDefinition> functions, ObjectMapper mapper,
            Map<ExecutionMode, Executor> executors, InvocationListener listener) {
        List<Route<Invocable>> table = new ArrayList<>();
        for (FunctionDefinition definition : functions) {
            Invocable invocable = new Invocable(definition, mapper);
            if (byName.put(definition.name(), invocable) != null) {
                throw new IllegalArgumentException("Two functions are named '" + definition.name() + "'");
            }
            for (EventFilter filter : definition.filters()) {
                table.add(new Route<>(definition.name(), filter, invocable));
            }
        }
        this.routes = new RouteTable<>(table);
        this.executors = executors.isEmpty() ? Map.of() : new EnumMap<>(executors);
        this.listener = listener;
    }

    /** @return the names of the functions, for health and diagnostics */
    public List<String> functionNames() {
        return List.copyOf(byName.keySet());
    }

    @Override
    public CompletionStage<Reply> dispatch(CloudEvent event) {
        Route<Invocable> route = routes.find(event);
        if (route == null) {
            return CompletableFuture.failedFuture(new NoMatchingFunctionException("No function matches event type '"
                    + event.getType() + "' from source '" + event.getSource() + "' (id '" + event.getId() + "')"));
        }
        return run(route.target(), event);
    }

    @Override
    public CompletionStage<Reply> dispatchTo(String function, CloudEvent event) {
        Invocable invocable = byName.get(function);
        if (invocable == null) {
            return CompletableFuture.failedFuture(new NoMatchingFunctionException("No function is named '" + function
                    + "'"));
        }
        return run(invocable, event);
    }

    private CompletionStage<Reply> run(Invocable invocable, CloudEvent event) {
        Invocation observed = listener.start(invocable.name, event);
        Executor executor = executors.get(invocable.mode);
        if (executor == null) {
            return invocable.invoke(event, observed);
        }
        CompletableFuture<Reply> result = new CompletableFuture<>();
        try {
            executor.execute(() -> invocable.invoke(event, observed).whenComplete((reply, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(reply);
                }
            }));
        } catch (RuntimeException rejected) {
            observed.end(Outcome.FAILURE, rejected, 0);
            result.completeExceptionally(new HostFailureException("The host could not schedule function '"
                    + invocable.name + "': " + rejected.getMessage(), rejected));
        }
        return result;
    }

    /** One function ready to call: its method, instance, binder and reply factory. */
    private final class Invocable {
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

        CompletionStage<Reply> invoke(CloudEvent event, Invocation observed) {
            long start = System.nanoTime();
            FunctionEventContext context = new FunctionEventContext(name, event);
            Object result;
            try (Scope scope = observed.enter()) {
                Object[] args = binder.bind(event, context);
                Object target = definition.target() == null ? null : definition.target().get();
                CloudEvent previous = CurrentEvent.enter(event);
                try {
                    result = method.invoke(target, args);
                } finally {
                    CurrentEvent.leave(previous);
                }
            } catch (InvocationTargetException e) {
                return failed(start, observed, e.getCause());
            } catch (InvalidEventException e) {
                observed.end(Outcome.INVALID_EVENT, e, System.nanoTime() - start);
                return CompletableFuture.failedFuture(e);
            } catch (IllegalAccessException | RuntimeException e) {
                return failedOnHost(start, observed, e);
            }
            if (result instanceof CompletionStage<?> stage) {
                return complete(start, observed, stage, context);
            }
            if (result instanceof Uni<?> uni) {
                return complete(start, observed, uni.subscribeAsCompletionStage(), context);
            }
            return succeeded(start, observed, result, context);
        }

        private CompletionStage<Reply> complete(long start, Invocation observed, CompletionStage<?> stage,
                FunctionEventContext context) {
            CompletableFuture<Reply> reply = new CompletableFuture<>();
            stage.whenComplete((value, failure) -> {
                CompletionStage<Reply> outcome = failure == null
                        ? succeeded(start, observed, value, context)
                        : failed(start, observed, unwrap(failure));
                outcome.whenComplete((r, f) -> {
                    if (f != null) {
                        reply.completeExceptionally(f);
                    } else {
                        reply.complete(r);
                    }
                });
            });
            return reply;
        }

        private CompletionStage<Reply> succeeded(long start, Invocation observed, Object value,
                FunctionEventContext context) {
            Reply reply;
            try {
                reply = replies.reply(value, context);
            } catch (RuntimeException e) {
                return failedOnHost(start, observed, e);
            }
            observed.end(Outcome.SUCCESS, null, System.nanoTime() - start);
            return CompletableFuture.completedFuture(reply);
        }

        private CompletionStage<Reply> failed(long start, Invocation observed, Throwable cause) {
            boolean rejected = cause instanceof EventRejectedException;
            observed.end(rejected ? Outcome.REJECTED : Outcome.FAILURE, cause, System.nanoTime() - start);
            return CompletableFuture.failedFuture(new FunctionFailedException(name, cause, !rejected));
        }

        private CompletionStage<Reply> failedOnHost(long start, Invocation observed, Exception e) {
            observed.end(Outcome.FAILURE, e, System.nanoTime() - start);
            DispatchException failure = e instanceof DispatchException de
                    ? de
                    : new HostFailureException("The host failed to invoke function '" + name + "': " + e, e);
            return CompletableFuture.failedFuture(failure);
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
