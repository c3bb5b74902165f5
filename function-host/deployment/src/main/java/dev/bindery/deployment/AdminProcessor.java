package dev.bindery.deployment;

import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;

import dev.bindery.runtime.internal.AdminEndpoints;
import dev.bindery.runtime.internal.HostInventory;
import dev.bindery.runtime.internal.RecentEventsRecorder;

/**
 * The host admin endpoints: the inventory, the recent events (and their pipeline stage) and the endpoints, which mount
 * themselves at run time according to {@code bindery.admin.*}.
 */
public class AdminProcessor {

    @BuildStep
    void adminBeans(CombinedIndexBuildItem index, BuildProducer<AdditionalBeanBuildItem> beans) {
        beans.produce(AdditionalBeanBuildItem.builder()
                .addBeanClasses(HostInventory.class, RecentEventsRecorder.class)
                .setUnremovable()
                .build());
        if (!SamProcessor.lambdaPackage(index)) {
            // the endpoints mount on a router: no server listens in a Lambda package (the Dev UI card reads the same
            // inventory and recent events)
            beans.produce(AdditionalBeanBuildItem.builder().addBeanClasses(AdminEndpoints.class).setUnremovable()
                    .build());
        }
    }
}
