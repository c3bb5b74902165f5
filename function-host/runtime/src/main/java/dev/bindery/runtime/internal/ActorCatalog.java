package dev.bindery.runtime.internal;

import java.util.List;

/** The actor types the build discovered; a synthetic bean, present only when the application has actors. */
public final class ActorCatalog {

    private final List<RecordedActor> actors;

    public ActorCatalog(List<RecordedActor> actors) {
        this.actors = List.copyOf(actors);
    }

    public List<RecordedActor> actors() {
        return actors;
    }
}
