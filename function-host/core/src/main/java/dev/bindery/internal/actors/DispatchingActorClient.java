package dev.bindery.internal.actors;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import dev.bindery.actors.ActorClient;
import dev.bindery.invocation.InvocationException;
import dev.bindery.invocation.InvocationFailedException;
import dev.bindery.invocation.InvocationNotFoundException;
import dev.bindery.invocation.InvocationRejectedException;
import dev.bindery.invocation.InvocationUnavailableException;
import dev.bindery.security.Caller;
import dev.bindery.spi.dispatch.Credentials;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.Dispatcher;
import dev.bindery.spi.dispatch.Outcome;

/**
 * The {@link ActorClient}: each call is an event naming the actor, dispatched through the host's pipeline as the
 * application itself; the actor stage runs it here or sends it to the member that owns the actor. A call whose actor
 * moved while it was on its way is made again (up to {@value #MOVED_RETRIES} times).
 */
public final class DispatchingActorClient implements ActorClient {

    private static final int MOVED_RETRIES = 5;
    private static final URI SOURCE = URI.create("/bindery/actor-client");

    private final Dispatcher dispatcher;
    private final ObjectMapper mapper;
    private final String appId;
    private final Credentials self;

    public DispatchingActorClient(Dispatcher dispatcher, ObjectMapper mapper, String appId) {
        this.dispatcher = dispatcher;
        this.mapper = mapper;
        this.appId = appId;
        this.self = Credentials.verified(Caller.app(appId));
    }

    @Override
    public <T> T call(String type, String id, String method, Object data, Class<T> replyType) {
        try {
            return callAsync(type, id, method, data, replyType).toCompletableFuture().get();
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new InvocationFailedException(appId, ActorAddress.function(type, method), -1, String.valueOf(e
                    .getCause()), null, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvocationUnavailableException(appId, ActorAddress.function(type, method), -1,
                    "interrupted", null, e);
        }
    }

    @Override
    public <T> CompletionStage<T> callAsync(String type, String id, String method, Object data, Class<T> replyType) {
        String function = ActorAddress.function(type, method);
        CloudEvent event;
        try {
            event = event(type, id, method, data);
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(new InvocationRejectedException(appId, function, 400,
                    "the argument does not serialize to JSON: " + e.getOriginalMessage(), null, e));
        }
        DispatchRequest request = new DispatchRequest(event, new DispatchRequest.Function(function),
                ActorRuntime.TRANSPORT, self);
        return attempt(request, function, replyType, 0);
    }

    private <T> CompletionStage<T> attempt(DispatchRequest request, String function, Class<T> replyType,
            int attempt) {
        return dispatcher.dispatch(request).thenCompose(outcome -> {
            if (outcome.failure().orElse(null) instanceof ActorMovedException && attempt < MOVED_RETRIES) {
                CompletableFuture<T> again = new CompletableFuture<>();
                CompletableFuture.delayedExecutor(20L << attempt, TimeUnit.MILLISECONDS).execute(() -> attempt(
                        request, function, replyType, attempt + 1).whenComplete((v, e) -> {
                            if (e == null) {
                                again.complete(v);
                            } else {
                                again.completeExceptionally(e);
                            }
                        }));
                return again;
            }
            return CompletableFuture.completedFuture(reply(outcome, function, replyType));
        });
    }

    private CloudEvent event(String type, String id, String method, Object data) throws JsonProcessingException {
        String chain = CurrentTurn.chain();
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(UUID.randomUUID().toString())
                .withSource(SOURCE)
                .withType(ActorAddress.function(type, method))
                .withExtension(ActorAddress.TYPE, type)
                .withExtension(ActorAddress.ID, id)
                .withExtension(ActorAddress.METHOD, method);
        if (chain != null) {
            builder.withExtension(ActorAddress.CHAIN, chain);
        }
        if (data != null) {
            builder.withData("application/json", data instanceof byte[] bytes ? bytes : mapper.writeValueAsBytes(data));
        }
        return builder.build();
    }

    private <T> T reply(Outcome outcome, String function, Class<T> replyType) {
        String reason = outcome.reason().orElse("");
        Throwable cause = outcome.failure().orElse(null);
        InvocationException failure;
        if (outcome instanceof Outcome.Replied replied) {
            if (replyType == Void.class || replied.reply().getData() == null) {
                return null;
            }
            try {
                return mapper.readValue(replied.reply().getData().toBytes(), replyType);
            } catch (IOException e) {
                failure = new InvocationFailedException(appId, function, 200, "the reply does not read as "
                        + replyType.getName() + ": " + e.getMessage(), null, e);
            }
        } else if (outcome instanceof Outcome.NoReply) {
            return null;
        } else if (outcome instanceof Outcome.NotFound) {
            failure = new InvocationNotFoundException(appId, function, 404, reason, null, cause);
        } else if (outcome instanceof Outcome.Rejected rejected) {
            failure = new InvocationRejectedException(appId, function, rejected.invalidEvent() ? 400 : 422, reason,
                    null, cause);
        } else if (outcome instanceof Outcome.Denied denied) {
            failure = new InvocationRejectedException(appId, function, denied.unauthenticated() ? 401 : 403, reason,
                    null, cause);
        } else if (outcome instanceof Outcome.Failed) {
            failure = new InvocationFailedException(appId, function, 500, reason, null, cause);
        } else {
            failure = new InvocationUnavailableException(appId, function, 503, reason, null, cause);
        }
        throw failure;
    }

    @Override
    public <P> P proxy(Class<P> contract, String type, String id) {
        if (!contract.isInterface()) {
            throw new IllegalArgumentException(contract.getName() + " is not an interface");
        }
        Object proxy = Proxy.newProxyInstance(contract.getClassLoader(), new Class<?>[]{contract},
                (self, method, args) -> invoke(contract, type, id, method, args));
        return contract.cast(proxy);
    }

    private Object invoke(Class<?> contract, String type, String id, Method method, Object[] args) {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "toString" -> contract.getSimpleName() + "(" + type + "/" + id + ")";
                case "hashCode" -> System.identityHashCode(this);
                default -> Boolean.FALSE;
            };
        }
        if (args != null && args.length > 1) {
            throw new IllegalArgumentException(method + " takes more than one argument: an actor method takes one");
        }
        Object data = args == null || args.length == 0 ? null : args[0];
        if (CompletionStage.class.isAssignableFrom(method.getReturnType())) {
            Class<?> reply = method.getGenericReturnType() instanceof ParameterizedType stage
                    && stage.getActualTypeArguments()[0] instanceof Class<?> value ? value : Object.class;
            return callAsync(type, id, method.getName(), data, reply);
        }
        Class<?> reply = method.getReturnType() == void.class ? Void.class : boxed(method.getReturnType());
        return call(type, id, method.getName(), data, reply);
    }

    private static Class<?> boxed(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return java.lang.invoke.MethodType.methodType(type).wrap().returnType();
    }
}
