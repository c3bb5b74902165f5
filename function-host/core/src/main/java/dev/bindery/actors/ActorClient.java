package dev.bindery.actors;

import java.util.concurrent.CompletionStage;

/**
 * Calls actors: {@code actors.call("Cart", "u-42", "addItem", item, Cart.class)}. A call goes through the host's
 * pipeline like any event (telemetry, access control, the turn) to the member that owns the actor, which activates it
 * if needed; calls to one actor id run one at a time, in the order they arrive. A call made from inside a turn carries
 * the turn's call chain, so that a type with reentrancy on may be called back by the chain it called.
 * <p>
 * Failures are the service-invocation exceptions ({@link dev.bindery.invocation.InvocationException}):
 * {@link dev.bindery.invocation.InvocationNotFoundException} for an unknown type or method (or a method that threw
 * {@code NotFoundException}), {@link dev.bindery.invocation.InvocationRejectedException} for a call the actor
 * rejected, and {@link dev.bindery.invocation.InvocationFailedException} when the method threw. Thread-safe.
 */
public interface ActorClient {

    /**
     * Calls an actor method and blocks until its reply. Not on an event-loop thread: use {@link #callAsync} there.
     *
     * @param type the actor type
     * @param id the actor id
     * @param method the method's name
     * @param data the method's argument (sent as JSON), or null
     * @param replyType the reply's type; {@code Void.class} to ignore it
     * @return the method's return value, or null for none
     */
    <T> T call(String type, String id, String method, Object data, Class<T> replyType);

    /** @return completes with what {@link #call} returns or throws */
    <T> CompletionStage<T> callAsync(String type, String id, String method, Object data, Class<T> replyType);

    /**
     * A typed proxy: each method of the interface calls the actor method of the same name with its one argument (or
     * none); methods returning {@code CompletionStage} call asynchronously.
     *
     * @param contract an interface the actor class's methods match
     */
    <P> P proxy(Class<P> contract, String type, String id);
}
