package dev.bindery.internal.actors;

import dev.bindery.actors.ActorContext;
import dev.bindery.spi.dispatch.InvocationListener;

/**
 * The turn running on this thread: the actor instance an actor method is called on, and the {@link ActorContext} it
 * may take as a parameter. Entered by the actor stage around the function, on the function's thread.
 */
public final class CurrentTurn {

    private static final ThreadLocal<Turn> CURRENT = new ThreadLocal<>();

    private CurrentTurn() {
    }

    static InvocationListener.Scope enter(Turn turn) {
        Turn previous = CURRENT.get();
        CURRENT.set(turn);
        return () -> CURRENT.set(previous);
    }

    /** @return the instance of the actor whose turn runs on this thread */
    public static Object instance() {
        return require().activation.instance();
    }

    /** @return the context of the turn running on this thread */
    public static ActorContext context() {
        return require();
    }

    /** @return the call chain of the turn running on this thread, or null outside a turn */
    static String chain() {
        Turn turn = CURRENT.get();
        return turn == null ? null : turn.chain;
    }

    private static Turn require() {
        Turn turn = CURRENT.get();
        if (turn == null) {
            throw new IllegalStateException("No actor turn runs on this thread: actor methods are called through "
                    + "ActorClient or an event naming the actor");
        }
        return turn;
    }
}
