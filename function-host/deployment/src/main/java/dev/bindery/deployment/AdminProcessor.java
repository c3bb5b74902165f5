package dev.bindery.deployment;

import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.deployment.annotations.BuildStep;

import dev.bindery.runtime.internal.AdminEndpoints;
import dev.bindery.runtime.internal.HostInventory;
import dev.bindery.runtime.internal.RecentEventsRecorder;

/**
 * The host admin endpoints: the inventory, the recent events (and their pipeline stage) and the endpoints, which mount
 * themselves at run time according to {@code bindery.admin.*}.
 */
public class AdminProcessor {

    @BuildStep
    AdditionalBeanBuildItem adminBeans() {
        return AdditionalBeanBuildItem.builder()
                .addBeanClasses(AdminEndpoints.class, HostInventory.class, RecentEventsRecorder.class)
                .setUnremovable()
                .build();
    }
}
