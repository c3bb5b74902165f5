package dev.bindery.runtime;

import java.util.Optional;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The Knative manifests the build writes to {@code target/knative/} when the application is packaged (see
 * knative/README.md). Fixed at build time: changing them means packaging again. (The run-time phase only lets the
 * running application know the names, under the same {@code bindery.} prefix as {@link BinderyConfig}.)
 */
@ConfigMapping(prefix = "bindery.knative")
@ConfigRoot(phase = ConfigPhase.BUILD_AND_RUN_TIME_FIXED)
public interface KnativeConfig {

    /** Whether the build writes the manifests. */
    @WithDefault("true")
    boolean enabled();

    /** The Knative Service's name; defaults to {@code quarkus.application.name}. */
    Optional<String> serviceName();

    /** The container image; defaults to {@code dev.local/<application>:<version>}. */
    Optional<String> image();

    /** The namespace of every resource; none by default (kubectl's current one). */
    Optional<String> namespace();

    /** The Broker the Triggers subscribe to and the SinkBinding points K_SINK at. */
    @WithDefault("default")
    String broker();

    /** Requests one container serves at once ({@code containerConcurrency}); unset: Knative's default. */
    Optional<Integer> containerConcurrency();

    /** {@code autoscaling.knative.dev/min-scale}. */
    Optional<Integer> minScale();

    /** {@code autoscaling.knative.dev/max-scale}. */
    Optional<Integer> maxScale();

    /** {@code autoscaling.knative.dev/target}: the concurrency each replica aims at. */
    Optional<Integer> target();

    /**
     * JVM options of the Service's container, set as {@code JAVA_TOOL_OPTIONS} (which every JVM reads, whatever the
     * image's launcher). The default, the serial collector, suits a function container of a core or two and a few
     * hundred MB: no concurrent GC threads, no G1 remembered sets (some 50 MB of native memory at a 512 MB heap) and a
     * heap committed as the application needs it rather than as G1 sizes its young generation for throughput (see
     * knative/README.md, JVM options); give other options, such as {@code -XX:+UseG1GC}, to replace it.
     */
    @WithDefault("-XX:+UseSerialGC")
    String jvmOptions();

    /** The Triggers' delivery settings. */
    Delivery delivery();

    /** The Kafka cluster of the generated KafkaSources; defaults to the default pub/sub's bootstrap servers. */
    Optional<String> kafkaBootstrapServers();

    /** Retries and dead letters of the Triggers. */
    interface Delivery {

        /** Retries after the first delivery. */
        @WithDefault("5")
        int retry();

        /** {@code exponential} or {@code linear}. */
        @WithDefault("exponential")
        String backoffPolicy();

        /** The first retry's delay (ISO-8601). */
        @WithDefault("PT0.2S")
        String backoffDelay();

        /** Where events go that cannot be delivered (a URI). */
        Optional<String> deadLetterSink();
    }
}
