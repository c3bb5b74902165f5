package dev.bindery.runtime.internal;

import java.net.URI;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Singleton;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import dev.bindery.internal.actors.ActorAddress;
import dev.bindery.internal.actors.ActorMovedException;
import dev.bindery.invocation.InvocationException;
import dev.bindery.invocation.InvocationFailedException;
import dev.bindery.invocation.InvocationNotFoundException;
import dev.bindery.invocation.InvocationRejectedException;
import dev.bindery.invocation.InvocationUnavailableException;
import dev.bindery.runtime.BinderyConfig;
import dev.bindery.spi.actors.ActorForwarder;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.Outcome;

/**
 * Sends an actor call to the member that owns the actor: the event, one hop further ({@code ce-actorhops}), POSTed in
 * binary mode to the member's CloudEvents ingress ({@code <owner URL><bindery.http.path>}) with the caller's own token
 * when it came with one (the owner authenticates and authorizes the caller itself), else this application's
 * credentials, and the trace context, over the service invocation's HTTP client. The owner's answer becomes the outcome
 * it stands for, as service invocation reads it; an owner that cannot be reached (or answers 502/503/504: it is
 * stopping) is a host failure caused by {@link ActorMovedException}, which the caller's actor client retries once the
 * cluster has settled. A timeout is a plain host failure: the call may have run.
 */
@Singleton
public class HttpActorForwarder implements ActorForwarder {

    private final HttpInvoker http;
    private final BinderyConfig config;

    public HttpActorForwarder(HttpInvoker http, BinderyConfig config) {
        this.http = http;
        this.config = config;
    }

    @Override
    public CompletionStage<Outcome> forward(String ownerUrl, DispatchRequest request, int hops) {
        CloudEvent event = CloudEventBuilder.from(request.event())
                .withExtension(ActorAddress.HOPS, Integer.toString(hops + 1)).build();
        String function = request.target() instanceof DispatchRequest.Function named
                ? named.name()
                : ActorAddress.functionOf(event);
        URI ingress;
        try {
            ingress = ingress(ownerUrl, config.http().path());
        } catch (IllegalArgumentException e) {
            return java.util.concurrent.CompletableFuture.completedFuture(Outcome.HostFailure.of(function,
                    "The owner's advertised URL '" + ownerUrl + "' is not a URL", new ActorMovedException(e
                            .getMessage(), e),
                    event));
        }
        return http.forward(ingress, function, event, config.invocation().timeout(), request.credentials())
                .handle((reply, failure) -> failure == null
                        ? reply.<Outcome>map(r -> new Outcome.Replied(function, r))
                                .orElseGet(() -> new Outcome.NoReply(function, false))
                        : outcome(function, event, failure));
    }

    static URI ingress(String ownerUrl, String path) {
        String base = ownerUrl.endsWith("/") ? ownerUrl.substring(0, ownerUrl.length() - 1) : ownerUrl;
        return URI.create(base + (path.startsWith("/") ? path : "/" + path));
    }

    /** The owner's answer, read as service invocation reads it, as the outcome it stands for. */
    static Outcome outcome(String function, CloudEvent event, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        String message = cause instanceof InvocationException invocation
                ? invocation.getMessage()
                : String.valueOf(
                        cause);
        if (cause instanceof InvocationNotFoundException) {
            return new Outcome.NotFound(function, message);
        }
        if (cause instanceof InvocationRejectedException rejected) {
            return switch (rejected.status()) {
                case 400 -> new Outcome.Rejected(function, message, "data", cause);
                case 401 -> new Outcome.Denied(function, message, true);
                case 403 -> new Outcome.Denied(function, message, false);
                default -> new Outcome.Rejected(function, message, null, cause);
            };
        }
        if (cause instanceof InvocationFailedException) {
            return new Outcome.Failed(function, message, cause);
        }
        if (cause instanceof InvocationUnavailableException) {
            return Outcome.HostFailure.of(function, message, new ActorMovedException("The owner of the actor could not "
                    + "take the call: " + message, cause), event);
        }
        return Outcome.HostFailure.of(function, message, cause, event);
    }
}
