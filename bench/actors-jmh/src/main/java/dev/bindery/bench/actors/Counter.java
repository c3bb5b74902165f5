package dev.bindery.bench.actors;

import dev.bindery.actors.ActorContext;

/** The counter actor: one state key, read and written in each {@code increment} turn, only read by {@code get}. */
public class Counter {

    static final String TYPE = "Counter";

    public int increment(int by, ActorContext actor) {
        int value = actor.state().get("count", Integer.class).orElse(0) + by;
        actor.state().set("count", value);
        return value;
    }

    public int get(ActorContext actor) {
        return actor.state().get("count", Integer.class).orElse(0);
    }
}
