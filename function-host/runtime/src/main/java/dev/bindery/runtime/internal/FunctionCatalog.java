package dev.bindery.runtime.internal;

import java.util.List;

/** The functions the build discovered; a synthetic bean. */
public final class FunctionCatalog {

    private final List<RecordedFunction> functions;

    public FunctionCatalog(List<RecordedFunction> functions) {
        this.functions = List.copyOf(functions);
    }

    public List<RecordedFunction> functions() {
        return functions;
    }
}
