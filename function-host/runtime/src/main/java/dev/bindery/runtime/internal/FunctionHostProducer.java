package dev.bindery.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.arc.Arc;

import dev.bindery.internal.invoke.ExecutionMode;
import dev.bindery.internal.invoke.FunctionDefinition;
import dev.bindery.internal.invoke.FunctionDispatcher;
import dev.bindery.internal.stages.IdempotencyStage;
import dev.bindery.internal.stages.TelemetryStage;
import dev.bindery.runtime.BinderyConfig;
import dev.bindery.spi.dispatch.InvocationListener;
import dev.bindery.spi.dispatch.Stage;

/** Builds the {@link FunctionDispatcher} from the build's catalog, the configuration and the host's executors. */
@Singleton
public class FunctionHostProducer {

    @Produces
    @Singleton
    FunctionDispatcher dispatcher(FunctionCatalog catalog, ObjectMapper mapper, HostWorkers workers,
            BinderyConfig config, InvocationListener listener, StateStores stores, @Any Instance<Stage> extraStages,
            Instance<HostActors> actors, RecentEventsRecorder recentEvents) {
        List<FunctionDefinition> definitions = new ArrayList<>();
        boolean virtual = false;
        for (RecordedFunction function : catalog.functions()) {
            definitions.add(definition(function, config));
            virtual |= ExecutionMode.VIRTUAL_THREAD.name().equals(function.getExecutionMode());
        }
        if (actors.isResolvable()) {
            definitions.addAll(actors.get().definitions());
        }
        Map<ExecutionMode, Executor> executors = new EnumMap<>(ExecutionMode.class);
        executors.put(ExecutionMode.WORKER, workers);
        if (virtual) {
            executors.put(ExecutionMode.VIRTUAL_THREAD, virtualThreadExecutor());
        }
        List<Stage> stages = new ArrayList<>();
        stages.add(new TelemetryStage(listener));
        recentEvents.stage().ifPresent(stages::add);
        stages.add(new IdempotencyStage(config.appId(), new IdempotencyPolicy(config, stores),
                executors.get(ExecutionMode.WORKER)));
        extraStages.forEach(stages::add);
        if (actors.isResolvable()) {
            stages.add(actors.get().runtime().stage());
        }
        return new FunctionDispatcher(definitions, mapper, executors, stages);
    }

    private static FunctionDefinition definition(RecordedFunction function, BinderyConfig configuration) {
        BinderyConfig.Function config = configuration.functions().get(function.getName());
        Method method = findMethod(function);
        FunctionDefinition.Builder builder = FunctionDefinition.builder(function.getName(), method);
        Subscriptions.of(function, configuration).ifPresent(subscription -> builder.subscription(
                new FunctionDefinition.Subscription(subscription.pubsub(), subscription.topic(),
                        function.isFiltered() ? function.eventFilters() : List.of())));
        return builder
                .target(instanceOf(method.getDeclaringClass()))
                .filters(function.eventFilters())
                .executionMode(ExecutionMode.valueOf(function.getExecutionMode()))
                .replyType(config != null && config.replyType().isPresent()
                        ? config.replyType().get()
                        : function.getReplyType())
                .replySource(config != null && config.replySource().isPresent()
                        ? config.replySource().get()
                        : function.getReplySource())
                .build();
    }

    /** One instance per function class for the application's life; a normal-scoped bean gives its client proxy. */
    private static Supplier<Object> instanceOf(Class<?> beanClass) {
        Object instance = Arc.container().select(beanClass).get();
        return () -> instance;
    }

    private static Method findMethod(RecordedFunction function) {
        try {
            Class<?> type = Class.forName(function.getClassName(), false, Thread.currentThread().getContextClassLoader());
            for (Method method : type.getMethods()) {
                if (method.getName().equals(function.getMethodName())
                        && Arrays.stream(method.getParameterTypes()).map(Class::getName).toList()
                                .equals(function.getParameterTypes())) {
                    return method;
                }
            }
            throw new IllegalStateException("Function '" + function.getName() + "': no public method "
                    + function.getMethodName() + function.getParameterTypes() + " on " + type.getName());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Function '" + function.getName() + "': class " + function.getClassName()
                    + " is not on the class path", e);
        }
    }

    /** Java 21's per-task virtual-thread executor, looked up reflectively because the host compiles for Java 17. */
    private static Executor virtualThreadExecutor() {
        try {
            return (ExecutorService) MethodHandles.publicLookup()
                    .findStatic(java.util.concurrent.Executors.class, "newVirtualThreadPerTaskExecutor",
                            MethodType.methodType(ExecutorService.class))
                    .invoke();
        } catch (Throwable e) {
            throw new IllegalStateException("A function is annotated @RunOnVirtualThread, but this Java ("
                    + Runtime.version() + ") has no virtual threads: run on Java 21 or newer, or remove the annotation",
                    e);
        }
    }
}
