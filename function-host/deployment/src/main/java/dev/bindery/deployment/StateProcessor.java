package dev.bindery.deployment;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.inject.Singleton;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.Type;

import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.arc.deployment.SyntheticBeansRuntimeInitBuildItem;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.Consume;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;
import io.quarkus.deployment.builditem.GeneratedResourceBuildItem;

import dev.bindery.runtime.internal.FunctionHostRecorder;
import dev.bindery.runtime.internal.StateStores;
import dev.bindery.runtime.internal.StateStoresReadinessCheck;
import dev.bindery.runtime.internal.TransactionalOutbox;
import dev.bindery.spi.state.FirstWriteStores;
import dev.bindery.state.StateStore;
import dev.bindery.state.Store;

/**
 * Makes state stores injectable: one synthetic {@link StateStore} bean per store name the application injects with
 * {@code @Store("name")}, plus the default one; the injected stores start opening at start-up.
 */
public class StateProcessor {

    static final DotName STATE_STORE = DotName.createSimple(StateStore.class.getName());
    static final DotName STORE = DotName.createSimple("dev.bindery.state.Store");
    static final DotName INJECT = DotName.createSimple("jakarta.inject.Inject");
    static final String DEFAULT = "default";

    @BuildStep
    AdditionalBeanBuildItem stateBeans() {
        // the @Store qualifier joins the bean index so ArC can put it on the synthetic beans
        return AdditionalBeanBuildItem.builder().addBeanClasses(StateStores.class, StateStoresReadinessCheck.class,
                TransactionalOutbox.class, Store.class).setUnremovable().build();
    }

    @BuildStep
    @Record(ExecutionTime.STATIC_INIT)
    void storeBeans(CombinedIndexBuildItem index, FunctionHostRecorder recorder,
            BuildProducer<SyntheticBeanBuildItem> beans, BuildProducer<InjectedStoresBuildItem> injected) {
        Set<String> names = injectedStores(index.getIndex());
        for (String name : names) {
            SyntheticBeanBuildItem.ExtendedBeanConfigurator bean = SyntheticBeanBuildItem.configure(StateStore.class)
                    .scope(Singleton.class)
                    .unremovable()
                    .supplier(recorder.stateStore(name));
            if (!name.equals(DEFAULT)) {
                bean.addQualifier(AnnotationInstance.builder(STORE).value(name).build());
            }
            beans.produce(bean.done());
        }
        if (!names.contains(DEFAULT)) {
            beans.produce(SyntheticBeanBuildItem.configure(StateStore.class).scope(Singleton.class).unremovable()
                    .supplier(recorder.stateStore(DEFAULT)).done());
        }
        injected.produce(new InjectedStoresBuildItem(List.copyOf(names)));
    }

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    // after the runtime-initialized synthetic beans (OpenTelemetry's), which the stores' telemetry uses
    @Consume(SyntheticBeansRuntimeInitBuildItem.class)
    void declareInjectedStores(InjectedStoresBuildItem injected, FunctionHostRecorder recorder) {
        recorder.declareStateStores(injected.names());
    }

    /** The store names injected anywhere in the application: fields and parameters of type {@link StateStore}. */
    static Set<String> injectedStores(IndexView index) {
        Set<String> names = new TreeSet<>();
        for (AnnotationInstance store : index.getAnnotations(STORE)) {
            names.add(store.value().asString());
        }
        storesByClass(index).values().forEach(names::addAll);
        return names;
    }

    /** @return the store names each class injects (fields, constructor and method parameters) */
    static Map<DotName, Set<String>> storesByClass(IndexView index) {
        Map<DotName, Set<String>> byClass = new TreeMap<>();
        for (AnnotationInstance inject : index.getAnnotations(INJECT)) {
            AnnotationTarget target = inject.target();
            if (target.kind() == AnnotationTarget.Kind.FIELD && target.asField().type().name().equals(STATE_STORE)) {
                AnnotationInstance store = target.asField().annotation(STORE);
                byClass.computeIfAbsent(target.asField().declaringClass().name(), c -> new TreeSet<>())
                        .add(store == null ? DEFAULT : store.value().asString());
            } else if (target.kind() == AnnotationTarget.Kind.METHOD) {
                MethodInfo method = target.asMethod();
                for (int i = 0; i < method.parametersCount(); i++) {
                    Type type = method.parameterType(i);
                    if (type.name().equals(STATE_STORE)) {
                        AnnotationInstance store = parameterAnnotation(method, i);
                        byClass.computeIfAbsent(method.declaringClass().name(), c -> new TreeSet<>())
                                .add(store == null ? DEFAULT : store.value().asString());
                    }
                }
            }
        }
        return byClass;
    }

    /**
     * Lists the stores written first-write-wins, for hosts whose stores are one instance's (the Lambda package warns at
     * start-up).
     */
    @BuildStep
    GeneratedResourceBuildItem firstWriteStores(CombinedIndexBuildItem index) {
        Map<String, Set<String>> writers = FirstWriteCalls.stores(storesByClass(index.getIndex()), Thread
                .currentThread().getContextClassLoader());
        return new GeneratedResourceBuildItem(FirstWriteStores.RESOURCE, FirstWriteStores.format(writers).getBytes(
                StandardCharsets.UTF_8));
    }

    private static AnnotationInstance parameterAnnotation(MethodInfo method, int position) {
        for (AnnotationInstance annotation : method.annotations(STORE)) {
            if (annotation.target().kind() == AnnotationTarget.Kind.METHOD_PARAMETER
                    && annotation.target().asMethodParameter().position() == position) {
                return annotation;
            }
        }
        return null;
    }
}
