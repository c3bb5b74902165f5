package dev.bindery.deployment;

import java.util.List;

import io.quarkus.builder.item.SimpleBuildItem;

/** The state stores the application injects, to open at start-up. */
public final class InjectedStoresBuildItem extends SimpleBuildItem {

    private final List<String> names;

    public InjectedStoresBuildItem(List<String> names) {
        this.names = names;
    }

    public List<String> names() {
        return names;
    }
}
