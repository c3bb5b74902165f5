package dev.bindery.examples.actors;

import dev.bindery.actors.Actor;
import dev.bindery.actors.ActorContext;
import dev.bindery.actors.ActorLifecycle;
import dev.bindery.function.EventRejectedException;

/** The actor of the actor tests: a counter whose state is one number, ticked by timers and reminders. */
@Actor("Counter")
public class CounterActor implements ActorLifecycle {

    public int increment(int by, ActorContext actor) {
        int value = actor.state().get("count", Integer.class).orElse(0) + by;
        actor.state().set("count", value);
        return value;
    }

    public int get(ActorContext actor) {
        return actor.state().get("count", Integer.class).orElse(0);
    }

    /** The timers' and reminders' callback: counts its calls and keeps the data of the last one. */
    public void tick(String note, ActorContext actor) {
        actor.state().set("ticks", actor.state().get("ticks", Integer.class).orElse(0) + 1);
        if (note != null) {
            actor.state().set("note", note);
        }
    }

    public void reject(ActorContext actor) {
        throw new EventRejectedException("no, thank you");
    }

    public void fail(ActorContext actor) {
        throw new IllegalStateException("failed on purpose");
    }

    @Override
    public void onActivate(ActorContext context) {
        context.state().set("activated", true);
    }
}
