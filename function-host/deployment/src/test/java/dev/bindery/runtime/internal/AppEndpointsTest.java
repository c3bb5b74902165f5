package dev.bindery.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

import dev.bindery.runtime.BinderyConfig;

/**
 * Where an app id is reached, as service invocation resolves it: configured URLs in turn, a URL whose connection failed
 * skipped, the Kubernetes service convention, this process for its own id.
 */
class AppEndpointsTest {

    private static BinderyConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withMapping(BinderyConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build()
                .getConfigMapping(BinderyConfig.class);
    }

    @Test
    void configuredUrlsGoInTurnAndOneWhoseConnectionFailedIsSkipped() {
        AppEndpoints endpoints = new AppEndpoints(config(Map.of("bindery.app-id", "shop",
                "bindery.apps.orders.url", "http://a:8080,http://b:8080")), Map.of(), () -> 9999);

        assertThat(List.of(endpoints.next("orders"), endpoints.next("orders"), endpoints.next("orders")))
                .containsExactly(URI.create("http://a:8080"), URI.create("http://b:8080"), URI.create("http://a:8080"));
        endpoints.failed("orders", URI.create("http://a:8080"));
        assertThat(List.of(endpoints.next("orders"), endpoints.next("orders"))).containsOnly(URI.create("http://b:8080"));
    }

    @Test
    void credentialsInAUrlAreNeverShown() {
        assertThat(AppEndpoints.shown(java.net.URI.create("http://svc:t0ps3cret@orders:8080/base?x=1")))
                .isEqualTo("http://REDACTED:REDACTED@orders:8080/base?x=1");
        assertThat(AppEndpoints.shown(java.net.URI.create("https://orders:8443"))).isEqualTo("https://orders:8443");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AppEndpoints.url("bindery.apps.x.url",
                "ftp://svc:t0ps3cret@orders")).hasMessageContaining("bindery.apps.x.url")
                .hasMessageNotContaining("t0ps3cret");
    }

    @Test
    void onKubernetesAnAppIdIsItsServiceInThePodsNamespace() {
        AppEndpoints endpoints = new AppEndpoints(config(Map.of("bindery.app-id", "shop")),
                Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1", "POD_NAMESPACE", "prod"), () -> 9999);

        assertThat(endpoints.next("orders")).isEqualTo(URI.create("http://orders.prod.svc.cluster.local"));
        assertThat(endpoints.reachable("billing")).isTrue();

        AppEndpoints overridden = new AppEndpoints(config(Map.of("bindery.app-id", "shop",
                "bindery.invocation.kubernetes-url", "http://{app-id}.{namespace}:8080",
                "bindery.invocation.namespace", "staging")), Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1"), () -> 1);
        assertThat(overridden.next("orders")).isEqualTo(URI.create("http://orders.staging:8080"));
    }

    @Test
    void elsewhereTheAppsOwnIdIsThisProcessAndAnyOtherNeedsAUrl() {
        AppEndpoints endpoints = new AppEndpoints(config(Map.of("bindery.app-id", "shop")), Map.of(), () -> 9999);

        assertThat(endpoints.next("shop")).isEqualTo(URI.create("http://localhost:9999"));
        assertThat(endpoints.reachable("orders")).isFalse();
        assertThatThrownBy(() -> endpoints.next("orders")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bindery.apps.orders.url");
        assertThatThrownBy(() -> new AppEndpoints(config(Map.of("bindery.apps.bad.url", "orders:8080")), Map.of(),
                () -> 1).next("bad")).hasMessageContaining("bindery.apps.bad.url 'orders:8080'");
    }
}
