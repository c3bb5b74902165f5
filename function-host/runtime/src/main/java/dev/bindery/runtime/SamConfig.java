package dev.bindery.runtime;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The AWS SAM template the build writes to {@code target/sam/template.yaml} when the application is packaged for AWS
 * Lambda (it has the {@code bindery-lambda} handler; see sam/README.md). Fixed at build time.
 */
@ConfigMapping(prefix = "bindery.lambda.sam")
@ConfigRoot(phase = ConfigPhase.BUILD_AND_RUN_TIME_FIXED)
public interface SamConfig {

    /** Whether the build writes the template (only Lambda packages have one). */
    @WithDefault("true")
    boolean enabled();

    /** The function's {@code CodeUri}, relative to the template: by default the package next to {@code target/sam/}. */
    @WithDefault("../function.zip")
    String codeUri();

    /** The Lambda runtime. */
    @WithDefault("java21")
    String runtime();

    /** The instruction set: {@code x86_64} or {@code arm64}. */
    @WithDefault("x86_64")
    String architecture();

    /** The default of the template's {@code MemorySize} parameter, in MB. */
    @WithDefault("1024")
    int memorySize();

    /** The function's timeout, in seconds. */
    @WithDefault("30")
    int timeout();

    /** Whether the published versions run with SnapStart (behind the alias {@code live}). */
    @WithDefault("true")
    boolean snapStart();

    /**
     * The AppCDS archive the package carries, relative to its root (the examples: {@code app-cds.jsa}, trained by their
     * build): the function's JVM runs with it, {@code -XX:SharedArchiveFile=/var/task/<archive>} in
     * {@code JAVA_TOOL_OPTIONS}. The JVM uses an archive only if the same JVM build wrote it, and runs without it (with
     * a warning) otherwise. Unset, none.
     */
    Optional<String> appCdsArchive();

    /** The default of the template's {@code Stage} parameter, part of every resource's name. */
    @WithDefault("dev")
    String stage();

    /** Whether API Gateway's HTTP API delivers events ({@code POST /} and {@code POST /{function}}). */
    @WithDefault("true")
    boolean httpApi();

    /**
     * The resource an AWS event source reads, by source ({@code sqs}, {@code sns}, {@code s3}): a queue, topic or
     * bucket the template creates; default the routed function's binding, else its name. Naming one adds the source
     * even when no function is routed to it ({@code bindery.lambda.<source>.function}): its events are routed by their
     * type.
     */
    Map<String, String> source();

    /** The {@code source} fields the EventBridge rule takes, when it cannot come from the routed function's filters. */
    Optional<List<String>> eventBridgeSources();

    /**
     * The key of a Secrets Manager secret's generated value, by secret name, for a secret the code reads by key
     * (no {@code ${secret:store/name#key}} reference names the key); default {@code value}.
     */
    Map<String, String> secretKey();
}
