package dev.bindery.bindings.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.camel.component.aws2.s3.AWS2S3Configuration;
import org.apache.camel.component.aws2.s3.AWS2S3Endpoint;
import org.apache.camel.component.aws2.sqs.Sqs2Configuration;
import org.apache.camel.component.aws2.sqs.Sqs2Endpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How the sqs and s3 short forms expand to Camel endpoints, credentials intact, and how wrong options are refused. An
 * SQS endpoint looks its queue up when made, so ElasticMQ runs in-process for it.
 */
class AwsBindingKindsTest {

    /** Characters a URI would mangle, as an AWS secret key may hold ('/', '+', '=') and more. */
    private static final String SECRET = "wJal/rXU+tnF%2EMI=K7)MDENG b";

    @RegisterExtension
    static final KindEndpoints endpoints = new KindEndpoints();
    @RegisterExtension
    static final ElasticMq elasticMq = new ElasticMq();

    @BeforeAll
    static void createQueue() {
        elasticMq.sqs.createQueue(b -> b.queueName("orders"));
    }

    @Test
    void anSqsInputDeletesAfterReadAndKeepsTheCredentialsAsGiven() {
        Sqs2Configuration orders = endpoints.input(Sqs2Endpoint.class, "orders", "sqs", "orders", "region",
                "eu-west-1", "endpoint", elasticMq.endpoint, "access-key", "AK+/=", "secret-key", SECRET)
                .getConfiguration();

        assertThat(orders.getQueueName()).isEqualTo("orders");
        assertThat(orders.getRegion()).isEqualTo("eu-west-1");
        assertThat(orders.getUriEndpointOverride()).isEqualTo(elasticMq.endpoint);
        assertThat(orders.isOverrideEndpoint()).isTrue();
        assertThat(orders.getAccessKey()).isEqualTo("AK+/=");
        assertThat(orders.getSecretKey()).isEqualTo(SECRET);
        assertThat(orders.isDeleteAfterRead()).isTrue();
        assertThat(orders.getAttributeNames()).isEqualTo("All");
        assertThat(orders.getWaitTimeSeconds()).isEqualTo(1);
    }

    @Test
    void withoutAnAccessKeyOrARegionTheDefaultCredentialsAndRegionChainsAreUsed() {
        AWS2S3Configuration reports = endpoints.output(AWS2S3Endpoint.class, "reports", "s3", "reports")
                .getConfiguration();

        assertThat(reports.isUseDefaultCredentialsProvider()).isTrue();
        // AWS_REGION, set for this module's tests as Lambda sets it for a function
        assertThat(reports.getRegion()).isEqualTo("eu-central-1");
    }

    @Test
    void anS3InputPollsLeavesObjectsAndTakesTheBucketInThePathOfAnOverriddenEndpoint() {
        AWS2S3Endpoint uploads = endpoints.input(AWS2S3Endpoint.class, "uploads", "s3", "bkt", "endpoint",
                "http://127.0.0.1:9000", "prefix", "reports/2026 q1", "access-key", "a", "secret-key", SECRET);
        AWS2S3Configuration configuration = uploads.getConfiguration();

        assertThat(configuration.getBucketName()).isEqualTo("bkt");
        assertThat(configuration.isDeleteAfterRead()).isFalse();
        assertThat(configuration.isIgnoreBody()).isTrue();
        assertThat(configuration.isForcePathStyle()).isTrue();
        assertThat(configuration.getPrefix()).isEqualTo("reports/2026 q1");
        assertThat(configuration.getSecretKey()).isEqualTo(SECRET);
        assertThat(uploads.getDelay()).isEqualTo(5000);
    }

    @Test
    void wrongOptionsAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> KindEndpoints.spec("b", "sqs", "q", "regoin", "x"))
                .hasMessageContaining("bindery.bindings.b.regoin is not an option of sqs bindings; known: [")
                .hasMessageContaining("region");
        assertThatThrownBy(() -> KindEndpoints.spec("b", "sqs", "q", "s3", "b"))
                .hasMessageContaining("needs exactly one of").hasMessageContaining("[s3, sqs]");
        assertThatThrownBy(() -> KindEndpoints.spec("b", "s3", "q", "notifications", "s3"))
                .hasMessageContaining("bindery.bindings.b.notifications is not an option of s3 bindings");
        assertThatThrownBy(() -> KindEndpoints.spec("b", "sqs", "q", "notifications", "sns"))
                .hasMessage("bindery.bindings.b.notifications is 'sns': the one value known is 's3'");
        assertThatThrownBy(() -> KindEndpoints.spec("b", "s3", "q", "access-key", "a"))
                .hasMessage("bindery.bindings.b.secret-key is missing: access-key is set");
    }
}
