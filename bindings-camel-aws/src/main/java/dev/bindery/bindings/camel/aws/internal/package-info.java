/**
 * The AWS binding kinds: {@code sqs} (queues, and S3 event notifications through a queue) and {@code s3} (buckets),
 * on Camel's aws2-sqs and aws2-s3 components.
 */
package dev.bindery.bindings.camel.aws.internal;
