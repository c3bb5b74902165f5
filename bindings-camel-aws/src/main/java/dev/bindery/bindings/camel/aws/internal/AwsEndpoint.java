package dev.bindery.bindings.camel.aws.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.bindery.bindings.camel.kind.BindingOption;
import dev.bindery.bindings.camel.kind.BindingOptions;
import dev.bindery.bindings.camel.kind.EndpointUris;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * The options of every AWS binding (sqs, s3), where the service is and who calls it, and the endpoint they make with
 * the binding's queue or bucket.
 */
final class AwsEndpoint {

    /** The service's endpoint instead of AWS's, such as an ElasticMQ, LocalStack or MinIO URL. */
    static final BindingOption<String> ENDPOINT = BindingOption.text("endpoint");
    /**
     * The AWS region; default the SDK's region chain: {@code AWS_REGION} (which Lambda sets), the {@code aws.region}
     * system property, then the profile's region.
     */
    static final BindingOption<String> REGION = BindingOption.text("region");
    /** The access key id; without it, the AWS default credentials chain is used. */
    static final BindingOption<String> ACCESS_KEY = BindingOption.text("access-key");
    /** The secret access key that goes with {@code access-key}. */
    static final BindingOption<String> SECRET_KEY = BindingOption.text("secret-key");

    /** Every option above: each AWS kind has them beside its own. */
    static final List<BindingOption<?>> OPTIONS = List.of(ENDPOINT, REGION, ACCESS_KEY, SECRET_KEY);

    private final String scheme;
    private final Map<String, Object> properties;

    private AwsEndpoint(String scheme, Map<String, Object> properties) {
        this.scheme = scheme;
        this.properties = properties;
    }

    /**
     * @param scheme the Camel component's scheme
     * @param pathProperty the component's path property, which the binding's target fills
     * @param pathStyle whether an overridden endpoint takes the bucket in the path (S3)
     * @throws IllegalArgumentException naming the option that is missing or wrong
     */
    static AwsEndpoint of(BindingOptions options, String scheme, String pathProperty, boolean pathStyle) {
        return of(options, scheme, pathProperty, pathStyle, new DefaultAwsRegionProviderChain());
    }

    /** @param regions where the region comes from when the binding names none */
    static AwsEndpoint of(BindingOptions options, String scheme, String pathProperty, boolean pathStyle,
            AwsRegionProvider regions) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(pathProperty, options.target());
        properties.put("region", options.find(REGION).orElseGet(() -> region(options, regions)));
        options.find(ENDPOINT).ifPresent(endpoint -> {
            properties.put("overrideEndpoint", true);
            properties.put("uriEndpointOverride", endpoint);
            if (pathStyle) {
                properties.put("forcePathStyle", true);
            }
        });
        if (options.has(ACCESS_KEY)) {
            if (!options.has(SECRET_KEY)) {
                throw new IllegalArgumentException(options.key(SECRET_KEY.name()) + " is missing: "
                        + ACCESS_KEY.name() + " is set");
            }
            // secret options are passed RAW(...) by Camel's URI factory, so they reach the SDK as they are
            properties.put("accessKey", options.value(ACCESS_KEY));
            properties.put("secretKey", options.value(SECRET_KEY));
        } else {
            properties.put("useDefaultCredentialsProvider", true);
        }
        return new AwsEndpoint(scheme, properties);
    }

    private static String region(BindingOptions options, AwsRegionProvider regions) {
        try {
            return regions.getRegion().id();
        } catch (SdkClientException e) {
            throw new IllegalArgumentException(options.key(REGION.name()) + " is not set and the AWS SDK's region "
                    + "chain found none (AWS_REGION, the aws.region system property, the profile's region): set one "
                    + "of them", e);
        }
    }

    /** @return the endpoint's URI, with a direction's own properties */
    String uri(EndpointUris uris, Map<String, ?> more) {
        Map<String, Object> all = new LinkedHashMap<>(properties);
        all.putAll(more);
        return uris.build(scheme, all);
    }
}
