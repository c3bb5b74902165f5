package dev.bindery.deployment;

import java.util.List;

import io.quarkus.builder.item.SimpleBuildItem;

import dev.bindery.runtime.internal.RecordedFunction;

/** The application's functions, as the build found and checked them. */
public final class FunctionsBuildItem extends SimpleBuildItem {

    private final List<RecordedFunction> functions;

    public FunctionsBuildItem(List<RecordedFunction> functions) {
        this.functions = List.copyOf(functions);
    }

    public List<RecordedFunction> functions() {
        return functions;
    }
}
