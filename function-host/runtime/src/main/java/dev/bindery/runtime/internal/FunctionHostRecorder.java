package dev.bindery.runtime.internal;

import java.util.List;
import java.util.function.Supplier;

import io.quarkus.arc.Arc;
import io.quarkus.runtime.annotations.Recorder;

import dev.bindery.pubsub.Publisher;
import dev.bindery.state.StateStore;

/** Carries what the build discovered into the running application. */
@Recorder
public class FunctionHostRecorder {

    public Supplier<FunctionCatalog> catalog(List<RecordedFunction> functions) {
        FunctionCatalog catalog = new FunctionCatalog(functions);
        return () -> catalog;
    }

    public Supplier<ActorCatalog> actorCatalog(List<RecordedActor> actors) {
        ActorCatalog catalog = new ActorCatalog(actors);
        return () -> catalog;
    }

    /** @return the named store, for the synthetic bean injected as {@code @Store(name)} (or the default) */
    public Supplier<StateStore> stateStore(String name) {
        return () -> Arc.container().instance(StateStores.class).get().store(name);
    }

    /** @return the named component's publisher, for the synthetic bean injected as {@code @PubSub(name)} */
    public Supplier<Publisher> publisher(String component) {
        return () -> Arc.container().instance(PubSubComponents.class).get().publisher(component);
    }

    /** Declares the injected stores; those configured {@code start=eager} start opening. */
    public void declareStateStores(List<String> names) {
        Arc.container().instance(StateStores.class).get().declare(names);
    }
}
