package dev.bindery.deployment;

import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.bootstrap.classloading.QuarkusClassLoader;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.RunTimeConfigurationDefaultBuildItem;

import dev.bindery.runtime.internal.BindingComponents;
import dev.bindery.runtime.internal.BindingsReadinessCheck;

/**
 * Makes the {@code Bindings} client injectable and starts the {@code @OnBinding} input bindings with the application.
 */
public class BindingsProcessor {

    /**
     * With Camel Quarkus and the Camel bindings, the application's CamelContext starts on the bindings' background
     * thread rather than on the main thread, so the HTTP port and the first event do not wait for Camel.
     */
    @BuildStep
    void startCamelInTheBackground(BuildProducer<RunTimeConfigurationDefaultBuildItem> defaults) {
        if (QuarkusClassLoader.isClassPresentAtRuntime("org.apache.camel.quarkus.core.CamelRuntime")
                && QuarkusClassLoader.isClassPresentAtRuntime("dev.bindery.bindings.camel.CamelBindingsProvider")) {
            defaults.produce(new RunTimeConfigurationDefaultBuildItem("quarkus.camel.bootstrap.enabled", "false"));
        }
    }

    @BuildStep
    AdditionalBeanBuildItem bindingBeans() {
        return AdditionalBeanBuildItem.builder().addBeanClasses(BindingComponents.class,
                BindingsReadinessCheck.class).setUnremovable().build();
    }
}
