package dev.bindery.deployment;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.inject.Singleton;

import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.arc.processor.BuiltinScope;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;

import dev.bindery.runtime.internal.ActorCatalog;
import dev.bindery.runtime.internal.ActorHttpApi;
import dev.bindery.runtime.internal.FunctionHostRecorder;
import dev.bindery.runtime.internal.HostActors;
import dev.bindery.runtime.internal.HttpActorForwarder;
import dev.bindery.runtime.internal.ObservedActors;
import dev.bindery.runtime.internal.RecordedActor;

/**
 * Discovers the {@code @Actor} classes at build time and, when there are any, wires the actors building block: each
 * class an unremovable {@code @Dependent} bean, the types recorded for the actor runtime, its HTTP API, forwarder and
 * metrics. An application without actors gets none of it.
 */
public class ActorsProcessor {

    /** Also checks the access policies' function names, which the actor methods' names are part of. */
    @BuildStep
    ActorsBuildItem scanActors(CombinedIndexBuildItem index, FunctionsBuildItem functions) {
        Set<String> names = new HashSet<>();
        functions.functions().forEach(function -> names.add(function.getName()));
        List<RecordedActor> actors = ActorScanner.scan(index.getIndex(), names);
        actors.forEach(actor -> names.addAll(actor.functionNames()));
        FunctionHostProcessor.checkAccessPolicies(names);
        return new ActorsBuildItem(actors);
    }

    @BuildStep
    void actorBeans(ActorsBuildItem actors, CombinedIndexBuildItem index, BuildProducer<AdditionalBeanBuildItem> beans) {
        if (actors.actors().isEmpty()) {
            return;
        }
        beans.produce(AdditionalBeanBuildItem.builder()
                .addBeanClasses(actors.actors().stream().map(RecordedActor::getClassName).toList())
                .setDefaultScope(BuiltinScope.DEPENDENT.getName())
                .setUnremovable()
                .build());
        beans.produce(AdditionalBeanBuildItem.builder()
                .addBeanClasses(HostActors.class, HttpActorForwarder.class, ObservedActors.class)
                .setUnremovable()
                .build());
        if (!SamProcessor.lambdaPackage(index)) {
            // the Dapr-compatible actor API, on the router: no server listens in a Lambda package
            beans.produce(AdditionalBeanBuildItem.builder().addBeanClasses(ActorHttpApi.class).setUnremovable().build());
        }
    }

    @BuildStep
    @Record(ExecutionTime.STATIC_INIT)
    void actorCatalog(ActorsBuildItem actors, FunctionHostRecorder recorder,
            BuildProducer<SyntheticBeanBuildItem> beans) {
        if (actors.actors().isEmpty()) {
            return;
        }
        beans.produce(SyntheticBeanBuildItem.configure(ActorCatalog.class)
                .scope(Singleton.class)
                .supplier(recorder.actorCatalog(actors.actors()))
                .done());
    }
}
