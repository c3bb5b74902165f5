package dev.bindery.runtime.internal;

import java.util.List;
import java.util.function.Supplier;

import io.quarkus.runtime.annotations.Recorder;

/** Carries the functions discovered at build time into the running application. */
@Recorder
public class FunctionHostRecorder {

    public Supplier<FunctionCatalog> catalog(List<RecordedFunction> functions) {
        FunctionCatalog catalog = new FunctionCatalog(functions);
        return () -> catalog;
    }
}
