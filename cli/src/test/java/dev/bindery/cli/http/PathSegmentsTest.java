package dev.bindery.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class PathSegmentsTest {

    @Test
    void keepsWhatAPathSegmentMayHoldAndEncodesTheRest() {
        assertThat(PathSegments.encode("order-1_a.b~c")).isEqualTo("order-1_a.b~c");
        assertThat(PathSegments.encode("a/b c")).isEqualTo("a%2Fb%20c");
        assertThat(PathSegments.encode("é?#%")).isEqualTo("%C3%A9%3F%23%25");
        assertThat(PathSegments.encode("user:1@x")).isEqualTo("user:1@x");
    }

    @Test
    void pathsResolveUnderTheBaseWithEachSegmentEncoded() {
        AppClient client = new AppClient(URI.create("http://localhost:8080"), null, Duration.ofSeconds(1));
        assertThat(client.uri("q", "bindery", "state", "orders", "a/b c")).hasToString(
                "http://localhost:8080/q/bindery/state/orders/a%2Fb%20c");
        assertThat(client.uri(5, "limit", "q", "bindery", "events")).hasToString(
                "http://localhost:8080/q/bindery/events?limit=5");
        AppClient under = new AppClient(URI.create("https://apps.example/shop/"), null, Duration.ofSeconds(1));
        assertThat(under.uri("greet")).hasToString("https://apps.example/shop/greet");
    }
}
