package dev.bindery.deployment;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;

import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.BeanDiscoveryFinishedBuildItem;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.ApplicationIndexBuildItem;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.RunTimeConfigurationDefaultBuildItem;
import io.quarkus.deployment.execannotations.ExecutionModelAnnotationsAllowedBuildItem;

import dev.bindery.runtime.internal.Draining;
import dev.bindery.runtime.internal.FunctionCatalog;
import dev.bindery.runtime.internal.FunctionHostProducer;
import dev.bindery.runtime.internal.FunctionHostRecorder;
import dev.bindery.runtime.internal.FunctionsReadinessCheck;
import dev.bindery.runtime.internal.GracefulTermination;
import dev.bindery.runtime.internal.HostSecurity;
import dev.bindery.runtime.internal.HostWorkers;
import dev.bindery.runtime.internal.HttpCloudEventIngress;
import dev.bindery.runtime.internal.HttpInvoker;
import dev.bindery.runtime.internal.ObservedInvocations;
import dev.bindery.runtime.internal.ResiliencyPolicies;
import dev.bindery.runtime.internal.Telemetry;

/** Discovers the functions at build time and wires the host's beans. */
public class FunctionHostProcessor {

    private static final String FEATURE = "bindery";

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    @BuildStep
    AdditionalBeanBuildItem hostBeans() {
        return AdditionalBeanBuildItem.builder()
                .addBeanClasses(FunctionHostProducer.class, ObservedInvocations.class, Telemetry.class,
                        FunctionsReadinessCheck.class, GracefulTermination.class,
                        Draining.class, ResiliencyPolicies.class, HttpInvoker.class, HostSecurity.class,
                        HostWorkers.class)
                .setUnremovable()
                .build();
    }

    /**
     * The HTTP ingress, mounted on the router; not in a Lambda package, where API Gateway requests arrive as events
     * through the Runtime API and no server listens (the router is still built: its observers would make their beans,
     * and those beans' dependencies, before the first event).
     */
    @BuildStep
    AdditionalBeanBuildItem httpIngress(CombinedIndexBuildItem index) {
        return SamProcessor.lambdaPackage(index)
                ? null
                : AdditionalBeanBuildItem.builder().addBeanClasses(HttpCloudEventIngress.class).setUnremovable().build();
    }

    /**
     * A Lambda package has two AWS handler classes, the {@code bindery} bean and {@code BinderyStreamHandler}, the
     * handler the SAM template names, which runs the bean: Quarkus' own {@code QuarkusStreamHandler}, where a deployment
     * names it, runs the bean too, with no {@code quarkus.lambda.handler} to set.
     */
    @BuildStep
    RunTimeConfigurationDefaultBuildItem lambdaHandler(CombinedIndexBuildItem index) {
        return SamProcessor.lambdaPackage(index)
                ? new RunTimeConfigurationDefaultBuildItem("quarkus.lambda.handler",
                        "bindery")
                : null;
    }

    /** Functions are entry points, so {@code @Blocking}, {@code @NonBlocking} and {@code @RunOnVirtualThread} apply. */
    @BuildStep
    ExecutionModelAnnotationsAllowedBuildItem functionsChooseTheirThreads() {
        return new ExecutionModelAnnotationsAllowedBuildItem(method -> method.hasDeclaredAnnotation(FunctionScanner.FUNQ));
    }

    /** Knative (and most platforms) say which port to listen on in {@code $PORT}. */
    @BuildStep
    RunTimeConfigurationDefaultBuildItem listenOnPort() {
        return new RunTimeConfigurationDefaultBuildItem("quarkus.http.port", "${PORT:8080}");
    }

    /**
     * An event's function span is its HTTP request's span (SERVER, continuing the caller's {@code traceparent}), so
     * Quarkus' own HTTP server span would be a second span per event: off by default, as it halves the throughput
     * with tracing on (bench/RESULTS.md); {@code quarkus.otel.instrument.vertx-http=true} brings it back, and the
     * function span becomes its child.
     */
    @BuildStep
    RunTimeConfigurationDefaultBuildItem oneSpanPerHttpEvent() {
        return new RunTimeConfigurationDefaultBuildItem("quarkus.otel.instrument.vertx-http", "false");
    }

    /**
     * Knative's contract on SIGTERM: stop taking new requests, finish the ones in flight, then exit — within the pod's
     * grace period (Knative gives 300 s; the default here leaves room under Kubernetes' default 30 s).
     */
    @BuildStep
    RunTimeConfigurationDefaultBuildItem drainOnShutdown() {
        return new RunTimeConfigurationDefaultBuildItem("quarkus.shutdown.timeout", "25s");
    }

    /**
     * The verified caller becomes the function's Quarkus {@code SecurityIdentity} only where the application asks for
     * one (an injected {@code SecurityIdentity}, a security annotation): opening a request context and setting the
     * identity for every event would otherwise cost a few percent of the throughput for nothing.
     */
    @BuildStep
    RunTimeConfigurationDefaultBuildItem callerAsSecurityIdentity(ApplicationIndexBuildItem application,
            BeanDiscoveryFinishedBuildItem beans) {
        IndexView index = application.getIndex();
        boolean annotated = SECURITY_ANNOTATIONS.stream().anyMatch(name -> !index.getAnnotations(name).isEmpty());
        boolean injected = beans.getInjectionPoints().stream()
                .anyMatch(point -> point.getRequiredType().name().equals(SECURITY_IDENTITY)
                        && point.getTargetBean().map(bean -> index.getClassByName(bean.getBeanClass()) != null)
                                .orElse(false));
        return new RunTimeConfigurationDefaultBuildItem("bindery.security.security-identity",
                String.valueOf(annotated || injected));
    }

    private static final DotName SECURITY_IDENTITY = DotName.createSimple("io.quarkus.security.identity.SecurityIdentity");
    private static final List<DotName> SECURITY_ANNOTATIONS = Stream.of("jakarta.annotation.security.RolesAllowed",
            "jakarta.annotation.security.DenyAll", "io.quarkus.security.Authenticated",
            "io.quarkus.security.PermissionsAllowed").map(DotName::createSimple).toList();

    @BuildStep
    FunctionsBuildItem scanFunctions(CombinedIndexBuildItem index) {
        return new FunctionsBuildItem(FunctionScanner.scan(index.getIndex()));
    }

    /**
     * An access policy naming a function that does not exist fails the build, like a routing error.
     *
     * @param names the application's function names, its actor methods' included
     */
    static void checkAccessPolicies(Set<String> names) {
        Map<String, Set<String>> rules = new LinkedHashMap<>();
        for (String property : ConfigProvider.getConfig().getPropertyNames()) {
            String[] rule = HostSecurity.policyFunctionRule(property);
            if (rule != null) {
                rules.computeIfAbsent(rule[0], caller -> new LinkedHashSet<>()).add(rule[1]);
            }
        }
        List<String> unknown = HostSecurity.unknownFunctions(rules, names);
        if (!unknown.isEmpty()) {
            throw new InvalidFunctionException(unknown);
        }
    }

    @BuildStep
    @Record(ExecutionTime.STATIC_INIT)
    SyntheticBeanBuildItem functions(FunctionsBuildItem functions, FunctionHostRecorder recorder) {
        return SyntheticBeanBuildItem.configure(FunctionCatalog.class)
                .scope(Singleton.class)
                .supplier(recorder.catalog(functions.functions()))
                .done();
    }
}
