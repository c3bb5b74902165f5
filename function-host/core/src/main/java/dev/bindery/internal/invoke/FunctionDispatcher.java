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
import dev.bindery.spi.InvocationListener.Outcome;
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
        Executor executor = executors.get(invocable.mode);
        if (executor == null) {
            return invocable.invoke(event);
        }
        CompletableFuture<Reply> result = new CompletableFuture<>();
        try {
            executor.execute(() -> invocable.invoke(event).whenComplete((reply, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(reply);
                }
            }));
        } catch (RuntimeException rejected) {
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

        CompletionStage<Reply> invoke(CloudEvent event) {
            long start = System.nanoTime();
            FunctionEventContext context = new FunctionEventContext(name, event);
            Object result;
            try {
                Object[] args = binder.bind(event, context);
                Object target = definition.target() == null ? null : definition.target().get();
                CloudEvent previous = CurrentEvent.enter(event);
                try {
                    result = method.invoke(target, args);
                } finally {
                    CurrentEvent.leave(previous);
                }
            } catch (InvocationTargetException e) {
                return failed(start, e.getCause());
            } catch (InvalidEventException e) {
                listener.invoked(name, Outcome.INVALID_EVENT, System.nanoTime() - start);
                return CompletableFuture.failedFuture(e);
            } catch (IllegalAccessException | RuntimeException e) {
                return failedOnHost(start, e);
            }
            if (result instanceof CompletionStage<?> stage) {
                return complete(start, stage, context);
            }
            if (result instanceof Uni<?> uni) {
                return complete(start, uni.subscribeAsCompletionStage(), context);
            }
            return succeeded(start, result, context);
        }

        private CompletionStage<Reply> complete(long start, CompletionStage<?> stage, FunctionEventContext context) {
            CompletableFuture<Reply> reply = new CompletableFuture<>();
            stage.whenComplete((value, failure) -> {
                CompletionStage<Reply> outcome = failure == null
                        ? succeeded(start, value, context)
                        : failed(start, unwrap(failure));
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

        private CompletionStage<Reply> succeeded(long start, Object value, FunctionEventContext context) {
            Reply reply;
            try {
                reply = replies.reply(value, context);
            } catch (RuntimeException e) {
                return failedOnHost(start, e);
            }
            listener.invoked(name, Outcome.SUCCESS, System.nanoTime() - start);
            return CompletableFuture.completedFuture(reply);
        }

        private CompletionStage<Reply> failed(long start, Throwable cause) {
            boolean rejected = cause instanceof EventRejectedException;
            listener.invoked(name, rejected ? Outcome.REJECTED : Outcome.FAILURE, System.nanoTime() - start);
            return CompletableFuture.failedFuture(new FunctionFailedException(name, cause, !rejected));
        }

        private CompletionStage<Reply> failedOnHost(long start, Exception e) {
            listener.invoked(name, Outcome.FAILURE, System.nanoTime() - start);
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
