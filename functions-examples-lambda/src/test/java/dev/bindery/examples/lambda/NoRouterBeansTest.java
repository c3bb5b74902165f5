package dev.bindery.examples.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;

import dev.bindery.internal.admin.RecentEvents;
import dev.bindery.runtime.internal.ActorHttpApi;
import dev.bindery.runtime.internal.AdminEndpoints;
import dev.bindery.runtime.internal.HttpCloudEventIngress;

/**
 * A Lambda package mounts nothing on Vert.x's router, which Quarkus still builds without a server: the HTTP ingress,
 * the Dapr-compatible actor API and the admin endpoints are not beans here, so neither they nor what they depend on
 * (the actor runtime among it) are made before the first event. What the Lambda handler and the Dev UI use stays.
 */
@QuarkusTest
class NoRouterBeansTest {

    @Test
    void theRouterObserversAreNotBeansOfTheLambdaPackage() {
        for (Class<?> routed : List.of(HttpCloudEventIngress.class, ActorHttpApi.class, AdminEndpoints.class)) {
            assertThat(Arc.container().select(routed).isResolvable()).as(routed.getSimpleName()).isFalse();
        }
        assertThat(Arc.container().select(RecentEvents.class).isResolvable()).as("the recent events").isTrue();
    }
}
