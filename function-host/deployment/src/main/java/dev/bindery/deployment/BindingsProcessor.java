package dev.bindery.deployment;

import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.deployment.annotations.BuildStep;

import dev.bindery.runtime.internal.BindingComponents;
import dev.bindery.runtime.internal.BindingsReadinessCheck;

/**
 * Makes the {@code Bindings} client injectable and starts the {@code @OnBinding} input bindings with the application.
 */
public class BindingsProcessor {

    @BuildStep
    AdditionalBeanBuildItem bindingBeans() {
        return AdditionalBeanBuildItem.builder().addBeanClasses(BindingComponents.class,
                BindingsReadinessCheck.class).setUnremovable().build();
    }
}
