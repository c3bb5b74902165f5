package dev.bindery.bindings.camel.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.bindery.bindings.camel.kind.BindingOptions;
import dev.bindery.bindings.camel.kind.EndpointUris;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;

/** Where an AWS binding's region comes from: the binding, else the SDK's region chain; never a built-in default. */
class AwsEndpointRegionTest {

    static final AwsRegionProvider NONE = () -> {
        throw SdkClientException.create("Unable to load region from any of the providers in the chain");
    };

    static BindingOptions reports(Map<String, String> options) {
        return new BindingOptions("reports", "s3", "app", options);
    }

    static String uri(AwsEndpoint endpoint) {
        return endpoint.uri(new EndpointUris(new org.apache.camel.impl.DefaultCamelContext(), "reports", Map.of()), Map.of());
    }

    @Test
    void theBindingsRegionWinsOverTheChain() {
        AwsEndpoint endpoint = AwsEndpoint.of(reports(Map.of("s3", "bkt", "region", "ap-south-1")), "aws2-s3",
                "bucketNameOrArn", true, () -> Region.EU_WEST_3);

        assertThat(uri(endpoint)).contains("region=ap-south-1").doesNotContain("eu-west-3");
    }

    @Test
    void withoutOneTheRegionIsTheChainsAndNotABuiltInDefault() {
        AwsEndpoint endpoint = AwsEndpoint.of(reports(Map.of("s3", "bkt")), "aws2-s3", "bucketNameOrArn", true,
                () -> Region.EU_WEST_3);

        assertThat(uri(endpoint)).contains("region=eu-west-3").doesNotContain("us-east-1");
    }

    @Test
    void noRegionAnywhereIsAClearErrorNamingTheOption() {
        assertThatThrownBy(() -> AwsEndpoint.of(reports(Map.of("s3", "bkt")), "aws2-s3", "bucketNameOrArn", true,
                NONE)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bindery.bindings.reports.region")
                .hasMessageContaining("AWS_REGION");
    }
}
