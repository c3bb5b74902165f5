package dev.bindery.deployment;

import java.util.List;

import io.quarkus.builder.item.SimpleBuildItem;

import dev.bindery.runtime.internal.RecordedActor;

/** The application's actor types, as the build found and checked them; empty when it has none. */
public final class ActorsBuildItem extends SimpleBuildItem {

    private final List<RecordedActor> actors;

    public ActorsBuildItem(List<RecordedActor> actors) {
        this.actors = List.copyOf(actors);
    }

    public List<RecordedActor> actors() {
        return actors;
    }
}
