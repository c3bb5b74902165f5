package dev.bindery.deployment;

import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.RunTimeConfigBuilderBuildItem;

import dev.bindery.runtime.internal.ComponentRotation;
import dev.bindery.runtime.internal.HostSecrets;
import dev.bindery.runtime.internal.SecretReferencesRegistration;
import dev.bindery.secrets.Secret;

/**
 * The secrets block: {@code ${secret:…}} references in the runtime configuration, the injectable {@code Secrets} and
 * {@code @Secret} values, and rotation.
 */
public class SecretsProcessor {

    @BuildStep
    RunTimeConfigBuilderBuildItem secretReferences() {
        return new RunTimeConfigBuilderBuildItem(SecretReferencesRegistration.class);
    }

    @BuildStep
    AdditionalBeanBuildItem secretBeans() {
        // @Secret joins the bean index so ArC knows it as a qualifier
        return AdditionalBeanBuildItem.builder().addBeanClasses(HostSecrets.class, ComponentRotation.class, Secret.class)
                .setUnremovable()
                .build();
    }
}
