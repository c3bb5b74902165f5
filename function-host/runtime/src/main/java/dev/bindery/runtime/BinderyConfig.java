package dev.bindery.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithDefaults;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

import dev.bindery.internal.secrets.SecretStoreConfig;

/**
 * Bindery's configuration, under {@code bindery.}. Every option has a default, so an application runs with none.
 */
@ConfigMapping(prefix = "bindery")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface BinderyConfig {

    /**
     * The application's id: the default scope of state keys ({@code <app-id>||<key>}) and, later, the consumer group
     * and the source of published events. Defaults to {@code quarkus.application.name}.
     */
    @WithDefault("${quarkus.application.name:bindery}")
    String appId();

    /** The CloudEvents HTTP ingress. */
    Http http();

    /**
     * State stores, keyed by store name ({@code default} is the one injected without {@code @Store}). Options other
     * than the ones below go to the store's engine (see its README), such as {@code bindery.state.default.data-dir}.
     */
    Map<String, State> state();

    /**
     * Pub/sub components, keyed by name ({@code default} is the one injected without {@code @PubSub} and used by
     * {@code @OnTopic} without a component). Options other than the ones below go to the broker.
     */
    @WithDefaults
    Map<String, PubSub> pubsub();

    /**
     * Bindings, keyed by name: inputs that trigger a function ({@code @OnBinding("<name>")}) and outputs called through
     * the injected {@code Bindings}. Each has exactly one of {@code uri} or a kind ({@code cron}, {@code sqs},
     * {@code amqp}, {@code kafka}, {@code s3}, {@code file}, {@code http}); see the bindings-camel README for every
     * option.
     */
    Map<String, Binding> bindings();

    /**
     * Whether input bindings run ({@code @OnBinding} functions triggered by their bindings). The AWS Lambda package
     * turns them off: there, schedules and object events come from AWS event sources; output bindings still work.
     */
    @WithDefault("true")
    boolean inputBindings();

    /** Per-function settings, keyed by function name. */
    Map<String, Function> functions();

    /** Skipping events already processed (same {@code source} and {@code id}): the idempotency stage. */
    Idempotency idempotency();

    /**
     * The AWS Lambda package's routing, keyed by event source: {@code sqs}, {@code sns}, {@code s3}, {@code kinesis},
     * {@code dynamodb}, {@code schedule}, {@code eventbridge}, {@code kafka} (Amazon MSK and self-managed Kafka) (read
     * by bindery-lambda).
     */
    Map<String, LambdaSource> lambda();

    /**
     * The applications whose functions this one calls (service invocation), keyed by app id. An app id without an
     * entry is found by convention on Kubernetes ({@code bindery.invocation.kubernetes-url}), and this application's
     * own id reaches this process.
     */
    Map<String, App> apps();

    /** The secret stores, by name. */
    Map<String, SecretStore> secrets();

    /**
     * How long a component's previous engine (a state store's, a pub/sub component's broker) stays open after a rotated
     * secret had the component rebuilt, so that calls already made on it can finish; it is closed then.
     */
    @WithDefault("30s")
    Duration rotationGrace();

    /** Service invocation: how calls to other applications are made. */
    Invocation invocation();

    /**
     * Resiliency policies, as in Dapr: named timeouts, retries and circuit breakers, applied to targets (the apps
     * called, the outbound calls of components).
     */
    Resiliency resiliency();

    /**
     * Authentication of every ingress (HTTP, Knative deliveries, pub/sub, bindings, Lambda): a stage of the pipeline.
     * Off by default, so that the examples run with no set-up; see the README's "Security" section for a production
     * profile.
     */
    Security security();

    /**
     * Access control: which caller may invoke which function (checked when {@code bindery.security.enabled} is true).
     */
    Access access();

    /** Virtual actors ({@code @Actor} classes): where they are kept, how long they stay active, their reentrancy. */
    ActorsConfig actors();

    /**
     * The host admin endpoints under {@code /q/bindery/}: what the {@code bindery} CLI, the Dev UI and the console read
     * (functions, bindings, subscriptions, stores, recent events) and the development actions (publish, state).
     */
    AdminConfig admin();

    /** Authentication. */
    interface Security {

        /**
         * Whether every event must carry a credential the host verifies: an API token, a JWT or an app token (in a
         * {@code Authorization: Bearer}, {@code bindery-api-token} or {@code dapr-api-token} header). Without one an
         * HTTP request gets 401 and a queued event goes to its dead letter.
         */
        @WithDefault("false")
        boolean enabled();

        /**
         * Whether the verified caller is also made the function's Quarkus {@code SecurityIdentity} (a request context
         * is opened for it when the event has none). The build sets it when the application injects
         * {@code SecurityIdentity} or uses a security annotation ({@code @RolesAllowed}, {@code @Authenticated},
         * {@code @PermissionsAllowed}, {@code @DenyAll}); otherwise it is off, which saves that work on every event.
         */
        @WithDefault("false")
        boolean securityIdentity();

        /**
         * Named API tokens, {@code bindery.security.tokens.<name>.value}. Several may be valid at once, each with its
         * own expiry, so a token is rotated with overlap; a value that references a secret
         * ({@code ${secret:<store>/<name>}}) is read again when the secret rotates.
         */
        Map<String, ApiToken> tokens();

        /** JWT bearer tokens (OIDC), verified against a JWKS. */
        Jwt jwt();

        /** Service-to-service identity: the app tokens this application signs and the applications it trusts. */
        AppIdentity appIdentity();

        /**
         * Whether the health and metrics endpoints need a credential: {@code open}, {@code protected}, or {@code auto}
         * (open on the management interface, protected on the main port when security is enabled).
         */
        @WithDefault("auto")
        String observability();
    }

    /** One API token. */
    interface ApiToken {

        /** The token; reference a secret rather than writing it here. */
        String value();

        /** When it stops being accepted (ISO-8601, such as {@code 2027-01-31T00:00:00Z}); unset, never. */
        Optional<Instant> expires();
    }

    /** JWT bearer tokens. */
    interface Jwt {

        /**
         * Where the verification keys are: a JWKS URL ({@code https://idp.example.com/.well-known/jwks.json}), or a
         * file or classpath location of a JWKS or PEM public key. Unset, JWTs are not accepted.
         */
        Optional<String> jwks();

        /** The issuer every token must name ({@code iss}); unset, any. */
        Optional<String> issuer();

        /** The audiences a token must name one of ({@code aud}); unset, the audience is not checked. */
        Optional<List<String>> audiences();

        /** The claim holding the caller's groups, which policies may name. */
        @WithDefault("groups")
        String groupsClaim();

        /** How far the clocks of the identity provider and this host may differ when expiry is checked. */
        @WithDefault("60s")
        Duration clockSkew();

        /** How often the JWKS is fetched again (keys the provider rotated in are also fetched when first seen). */
        @WithDefault("10m")
        Duration jwksRefresh();
    }

    /** Service-to-service identity. */
    interface AppIdentity {

        /**
         * This application's private key (PKCS#8 PEM, RSA or EC), which signs the short-lived token sent with each
         * service invocation; reference a secret. Unset, calls carry no app token.
         */
        Optional<String> privateKey();

        /** How long an app token is valid: long enough for one attempt of a call. */
        @WithDefault("60s")
        Duration tokenTtl();

        /**
         * The applications whose app tokens are accepted, by app id, with their public key
         * ({@code bindery.security.app-identity.trusted.<app-id>.public-key}, PEM).
         */
        Map<String, TrustedApp> trusted();
    }

    /** An application whose calls are accepted. */
    interface TrustedApp {

        /** Its public key (X.509 SubjectPublicKeyInfo PEM). */
        String publicKey();
    }

    /** Access control. */
    interface Access {

        /** What happens when no policy rule matches: {@code allow} or {@code deny}. */
        @WithDefault("allow")
        String defaultAction();

        /**
         * Policies by caller: an app id, an API token's name, a JWT's subject or one of its groups, a prefixed caller
         * id ({@code app:orders}, {@code token:ci}, {@code jwt:alice}), or {@code *} for any authenticated caller.
         */
        Map<String, Policy> policies();
    }

    /** The rules of one caller. */
    interface Policy {

        /**
         * Function name or glob ({@code *} for any run of characters) to {@code allow} or {@code deny}; the most
         * specific match wins, deny at a tie. A name that matches no function fails the build.
         */
        Map<String, String> functions();

        /** Event type name or glob to {@code allow} or {@code deny}: narrows what the function rules allow. */
        Map<String, String> types();

        /** The transports the caller may use ({@code http}, {@code pubsub}, {@code binding}, {@code lambda}); unset, any. */
        Optional<List<String>> transports();
    }

    /** Where one application is reached. */
    interface App {

        /**
         * Its base URLs, comma-separated ({@code http://orders:8080}); calls go round robin to the ones answering, a URL
         * whose connection failed is skipped for {@code bindery.invocation.eject-for}.
         */
        Optional<List<String>> url();
    }

    /** Service invocation. */
    interface Invocation {

        /** How long one attempt of a call may take when no timeout policy applies to its target. */
        @WithDefault("30s")
        Duration timeout();

        /**
         * On Kubernetes (Knative included), the URL of an app id without {@code bindery.apps.<id>.url}: {@code {app-id}}
         * and {@code {namespace}} are replaced.
         */
        @WithDefault("http://{app-id}.{namespace}.svc.cluster.local")
        String kubernetesUrl();

        /**
         * The namespace of {@code kubernetes-url}; default {@code POD_NAMESPACE}, else the pod's service-account
         * namespace file, else {@code default}.
         */
        Optional<String> namespace();

        /** How long a URL whose connection failed is skipped, when its app has others. */
        @WithDefault("10s")
        Duration ejectFor();
    }

    /** Named policies and the targets they apply to. */
    interface Resiliency {

        /** Timeout policies by name: how long one attempt may take. */
        Map<String, Duration> timeouts();

        /** Retry policies by name. */
        Map<String, Retry> retries();

        /** Circuit breaker policies by name. */
        Map<String, CircuitBreaker> circuitBreakers();

        /** What each policy applies to. */
        Targets targets();
    }

    /** A retry policy. */
    interface Retry {

        /** {@code constant}: wait {@code duration} between attempts; {@code exponential}: double it each time. */
        @WithDefault("constant")
        BackoffPolicy policy();

        /** The wait between attempts (constant), or before the first retry (exponential). */
        @WithDefault("500ms")
        Duration duration();

        /** The longest wait between two attempts (exponential, and a callee's {@code Retry-After}). */
        @WithDefault("60s")
        Duration maxInterval();

        /** Retries after the first attempt; {@code 0} for none. */
        @WithDefault("3")
        int maxRetries();

        /** A random extra wait of up to this much, so callers do not retry in step. */
        @WithDefault("0s")
        Duration jitter();

        /**
         * Which failures are retried: {@code failed} (5xx), {@code unavailable} (connection failed, 502, 503, 504, 429),
         * {@code timeout}. Rejections (4xx) and not-found are never retried.
         */
        @WithDefault("failed,unavailable,timeout")
        java.util.Set<RetryOn> on();
    }

    /** How the wait between retries grows. */
    enum BackoffPolicy {
        CONSTANT, EXPONENTIAL
    }

    /** A kind of failure a retry policy may retry. */
    enum RetryOn {
        FAILED, UNAVAILABLE, TIMEOUT
    }

    /** A circuit breaker policy: trips on failures, fails fast while open, lets trial calls through once it half-opens. */
    interface CircuitBreaker {

        /** Trip after this many failures in a row (the default, 5, when {@code failure-ratio} is not set). */
        OptionalInt consecutiveFailures();

        /** Trip when at least this share (0–1) of the last {@code window} calls failed. */
        Optional<Double> failureRatio();

        /** The calls {@code failure-ratio} looks at. */
        @WithDefault("20")
        int window();

        /** How long the breaker stays open (failing fast) before it lets trial calls through (Dapr's {@code timeout}). */
        @WithDefault("30s")
        Duration timeout();

        /** Trial calls that must succeed, half-open, to close it again (Dapr's {@code maxRequests}). */
        @WithDefault("1")
        int maxRequests();
    }

    /** The targets of the policies. */
    interface Targets {

        /** Calls to an application, by app id. */
        Map<String, Target> apps();

        /** A component's outbound calls, by component name (a state store, a pub/sub component, a binding). */
        Map<String, ComponentTarget> components();

        /** Calls to actors, by actor type: read by the actors building block. */
        Map<String, Target> actors();

        /** Every target without policies of its own. */
        @WithName("default")
        Optional<Target> defaults();
    }

    /** The policies of one target, by name. */
    interface Target {

        /** A timeout policy's name. */
        Optional<String> timeout();

        /** A retry policy's name. */
        Optional<String> retry();

        /** A circuit breaker policy's name. */
        Optional<String> circuitBreaker();
    }

    /** A component's targets. */
    interface ComponentTarget {

        /** The calls it makes: state reads and writes, publishes, output binding calls. */
        Target outbound();
    }

    /** Where the events of one AWS source go. */
    interface LambdaSource {

        /** The function the source's events go to, whatever their filters (as {@code @OnBinding} does elsewhere). */
        Optional<String> function();

        /** The type given to the source's events, instead of the documented default. */
        Optional<String> type();

        /**
         * For {@code kafka}: the pub/sub component whose subscriptions ({@code @OnTopic}) receive the records of their
         * topic, when no {@code function} is named; {@code default} when unset.
         */
        Optional<String> pubsub();
    }

    /** The CloudEvents HTTP ingress. */
    interface Http {

        /**
         * Path of the event endpoint. Events POSTed here are routed by their attributes; a POST to
         * {@code <path><function>} (or {@code <path>/<function>}) goes to the named function.
         */
        @WithDefault("/")
        String path();

        /** Largest request body accepted; a larger one is answered 413. */
        @WithDefault("1M")
        MemorySize maxBodySize();
    }

    /** Settings of one state store. */
    interface State {

        /**
         * The engine: {@code infinispan} (embedded, clustered or remote; the default when bindery-state-infinispan is on
         * the class path) or {@code in-memory} (this process only, lost on restart; the default otherwise).
         */
        Optional<String> type();

        /**
         * How keys are scoped: {@code app-id} (stored as {@code <app-id>||<key>}, so applications sharing a store do not
         * see each other's keys), {@code none} (stored as given), or any other value used as a fixed prefix.
         */
        @WithDefault("app-id")
        String keyPrefix();

        /**
         * When the store's engine starts: {@code lazy} (on the store's first call, so events that use no state never
         * wait for it, and start-up stays as fast as without state) or {@code eager} (in the background at start-up;
         * readiness reports DOWN until it is open).
         */
        @WithDefault("lazy")
        String start();

        /** The longest key accepted, in characters. */
        @WithDefault("1024")
        int maxKeyLength();

        /** The largest value accepted, serialized. */
        @WithDefault("1M")
        MemorySize maxValueSize();

        /**
         * Every other option, handed to the store's engine: for Infinispan {@code mode}, {@code data-dir},
         * {@code cluster.*}, {@code hotrod.*}, {@code config-file} (see the state-infinispan README).
         */
        @WithParentName
        Map<String, String> engine();
    }

    /** Settings of one pub/sub component. */
    interface PubSub {

        /** The broker: {@code in-memory} (this process only; the default) or another provider's type. */
        Optional<String> type();

        /** How long a blocking publish waits for the broker before it fails with a PublishException. */
        @WithDefault("10s")
        Duration publishTimeout();

        /** Deliveries of a failing event in all (the first one included) before it is dead-lettered. */
        @WithDefault("5")
        int retryAttempts();

        /** The first retry's delay; each next one doubles, with jitter, up to {@code retry-max-delay}. */
        @WithDefault("200ms")
        Duration retryInitialDelay();

        /** The longest delay between retries. */
        @WithDefault("10s")
        Duration retryMaxDelay();

        /** Skip events already processed (same source and id), remembered in a state store. */
        @WithDefault("false")
        boolean idempotency();

        /** The state store that remembers processed events. */
        @WithDefault("default")
        String idempotencyStore();

        /** How long a processed event is remembered. */
        @WithDefault("24h")
        Duration idempotencyTtl();

        /**
         * The caller that events arriving without any credential are taken to come from, when security is on
         * ({@code bindery.security.enabled}): for a component whose broker authenticates its clients itself (Kafka with
         * SASL and ACLs), so that whoever may write to its topics is trusted as this caller. Such an event's caller is
         * the principal {@code <caller>} ({@code Caller.Kind.PRINCIPAL}, {@code authid} {@code principal:<caller>}),
         * not an app: the broker proved who may write to the topic, not which application sent the event. Policies
         * name it {@code bindery.access.policies.<caller>} (or {@code "principal:<caller>"}); naming it after the
         * application's own id lets the same policy cover its own Kafka events and its app tokens. An event that
         * carries a credential (an {@code authorization}, {@code bindery-api-token} or {@code dapr-api-token} record
         * header) is authenticated by it instead, and a malformed one is refused. Unset (the default), an event without
         * a credential is unauthenticated: with security on it is dead-lettered at once, with the reason. In-memory
         * events never need it (they are the application's own, {@code app:<app-id>}); Knative deliveries arrive over
         * HTTP and are authenticated there.
         */
        Optional<String> caller();

        /** Every other option, handed to the broker (for in-memory: {@code partitions}, {@code redelivery-pause-ms}). */
        @WithParentName
        Map<String, String> broker();
    }

    /**
     * Settings of one binding. Every option, its default and its meaning is declared once, by the bindings engine (the
     * common ones such as {@code retry-attempts}, and each kind's own): see the bindings-camel README.
     * <p>
     * With {@code bindery.security.enabled}, an input binding's messages are authenticated from their headers (SQS
     * message attributes, AMQP properties, Kafka and HTTP headers: {@code authorization: Bearer},
     * {@code bindery-api-token}, {@code dapr-api-token}); a schedule's ticks are from the application itself
     * ({@code app:<app-id>}). {@code bindery.bindings.<name>.caller=<name>} names the caller of the messages that
     * present no credential, when the binding's own authentication (IAM on the queue, the broker's users, filesystem
     * permissions) is the proof: policies name it as {@code <name>} or {@code principal:<name>}. Unset (the default),
     * such a message is unauthenticated and goes to the binding's {@code dead-letter} at once with the reason, never
     * retried.
     */
    interface Binding {

        /** Every {@code bindery.bindings.<name>.<option>} as given, handed to the bindings engine. */
        @WithParentName
        Map<String, String> options();
    }

    /**
     * The idempotency stage of the pipeline: on a transport listed here, or for a function with
     * {@code bindery.functions."<name>".idempotency=true}, an event whose {@code source} and {@code id} were processed
     * before is acknowledged without running the function again. Pub/sub components can also turn it on for their
     * subscriptions ({@code bindery.pubsub.<name>.idempotency}).
     */
    interface Idempotency {

        /** The transports on which every function skips duplicates: {@code http}, {@code pubsub}, {@code binding}, {@code lambda}. */
        Optional<java.util.Set<String>> transports();

        /** The state store that remembers processed events. */
        @WithDefault("default")
        String store();

        /** How long a processed event is remembered. */
        @WithDefault("24h")
        Duration ttl();
    }

    /** Settings of one function. */
    interface Function {

        /** Skip events already processed, whatever the transport; overrides {@code bindery.idempotency.transports}. */
        Optional<Boolean> idempotency();

        /**
         * The state store that remembers this function's processed events, wherever they come from; overrides
         * {@code bindery.idempotency.store} and the pub/sub component's. When it is the store the function writes to,
         * its writes and the mark commit in one transaction.
         */
        Optional<String> idempotencyStore();

        /** The reply event's type; overrides {@code @ReplyWith(type)} and the default {@code <function>.output}. */
        Optional<String> replyType();

        /** The reply event's source (a URI reference); overrides {@code @ReplyWith(source)} and the function name. */
        Optional<String> replySource();

        /**
         * Subscribes the function to this topic, as {@code @OnTopic(topic)} does, for functions that cannot be
         * annotated; overrides the annotation's topic.
         */
        Optional<String> topic();

        /** The pub/sub component of the subscription; overrides {@code @OnTopic(pubsub)} (default {@code default}). */
        Optional<String> pubsub();

        /** The dead-letter topic of the subscription; overrides {@code @OnTopic(deadLetterTopic)}. */
        Optional<String> deadLetterTopic();

        /**
         * Deliveries in all before dead-lettering, for this subscription and the function's Knative Triggers
         * ({@code retry} is one less); overrides {@code @Delivery} and the component's.
         */
        OptionalInt retryAttempts();

        /**
         * The first retry's delay, for this subscription and the function's Knative Triggers ({@code backoffDelay});
         * overrides {@code @Delivery} and the component's.
         */
        Optional<Duration> retryInitialDelay();

        /**
         * Where the Broker sends the events it could not deliver to this function (an absolute URI): its Knative
         * Triggers' {@code deadLetterSink}; overrides {@code @Delivery} and {@code bindery.knative.delivery.dead-letter-sink}.
         */
        Optional<String> deadLetterSink();

        /** The longest delay between retries, for this subscription; overrides the component's. */
        Optional<Duration> retryMaxDelay();

        /** Triggers the function with this input binding, as {@code @OnBinding} does; overrides the annotation. */
        Optional<String> binding();

        /** The function's own secrets scoping, on top of the stores'. */
        FunctionSecrets secrets();
    }

    /** What secrets a function may read, besides what the stores' scoping allows. */
    interface FunctionSecrets {

        /**
         * The secrets the function may read through {@code Secrets}, as {@code <store>/<name>} or {@code <store>/*};
         * unset, the stores' scoping alone decides.
         */
        Optional<List<String>> allowed();
    }

    /**
     * A secret store, {@code bindery.secrets.<store>.*}. Any configuration value (of Bindery or of Quarkus) can
     * reference one of its secrets as {@code ${secret:<store>/<name>#<key>}}, resolved at start-up and, for state,
     * pub/sub and binding components, again when the secret is rotated.
     */
    interface SecretStore {

        /**
         * The store: {@code env}, {@code file}, {@code kubernetes-dir} (built in), {@code kubernetes}
         * (bindery-secrets-kubernetes), {@code aws-secrets-manager}, {@code aws-ssm} (bindery-secrets-aws) or
         * {@code vault} (bindery-secrets-vault).
         */
        String type();

        /** Whether a secret neither list names may be read: {@code allow} or {@code deny}. */
        @WithDefault("allow")
        String defaultAccess();

        /** The only secrets that may be read, when set (the denied list still wins). */
        Optional<List<String>> allowed();

        /** Secrets that may never be read, whatever the other settings say. */
        Optional<List<String>> denied();

        /** How long a value is served from the cache before it is read again in the background (refresh-ahead). */
        @WithDefault(SecretStoreConfig.DEFAULT_CACHE_TTL)
        Duration cacheTtl();

        /** How old a cached value may be served while the store cannot be read; then reads fail as unavailable. */
        @WithDefault(SecretStoreConfig.DEFAULT_MAX_STALE)
        Duration maxStale();

        /** Every other option, handed to the store (see each type's options in the README). */
        @WithParentName
        Map<String, String> options();
    }
}
