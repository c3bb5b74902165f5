package dev.bindery.bindings.camel.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.apache.camel.CamelContext;

import dev.bindery.bindings.camel.kind.BindingOption;
import dev.bindery.bindings.camel.kind.BindingOptions;
import dev.bindery.bindings.camel.kind.CamelBinding;
import dev.bindery.bindings.camel.kind.CamelBindingKind;
import dev.bindery.bindings.camel.kind.EndpointUris;

/**
 * One binding's configuration, read from its {@code bindery.bindings.<name>.*} options: its kind (the one kind option
 * set, or the one {@code kind} picks), the options every binding has, and the kind's own, read by the kind.
 */
public final class BindingSpec {

    /** Which of the kind options set is the binding's, when a profile or the environment sets another beside it. */
    static final BindingOption<String> KIND = BindingOption.text("kind");
    /** The type of the input's events, instead of the kind's. */
    static final BindingOption<String> EVENT_TYPE = BindingOption.text("event-type");
    /** Deliveries of a message in all before it is dead-lettered. */
    static final BindingOption<Integer> RETRY_ATTEMPTS = BindingOption.count("retry-attempts", "3");
    /** The first retry's delay; each next one doubles up to {@code retry-max-delay}. */
    static final BindingOption<Duration> RETRY_INITIAL_DELAY = BindingOption.duration("retry-initial-delay",
            "500ms");
    /** The longest delay between two retries. */
    static final BindingOption<Duration> RETRY_MAX_DELAY = BindingOption.duration("retry-max-delay", "10s");
    /** Where messages go that could not be processed: another binding's name or a Camel URI. */
    static final BindingOption<String> DEAD_LETTER = BindingOption.text("dead-letter");
    /** The state store that remembers the objects seen and the schedules fired. */
    static final BindingOption<String> STATE_STORE = BindingOption.text("state-store", "default");
    /**
     * The caller that messages presenting no credential are from, for the security stage: the binding's own
     * authentication (IAM on the queue, the broker's users, filesystem permissions) is the proof. Unset: such messages
     * are unauthenticated when security is on.
     */
    static final BindingOption<String> CALLER = BindingOption.text("caller");

    /** The options every binding has, whatever its kind. */
    static final List<BindingOption<?>> COMMON = List.of(KIND, EVENT_TYPE, RETRY_ATTEMPTS, RETRY_INITIAL_DELAY,
            RETRY_MAX_DELAY, DEAD_LETTER, STATE_STORE, CALLER);

    private final String name;
    private final String kind;
    private final BindingOptions options;
    private final CamelBinding binding;

    private BindingSpec(String name, String kind, BindingOptions options, CamelBinding binding) {
        this.name = name;
        this.kind = kind;
        this.options = options;
        this.binding = binding;
    }

    /**
     * @param name the binding's name
     * @param options its options without the {@code bindery.bindings.<name>.} prefix
     * @param kinds the kinds on the class path
     * @param appId the application's id
     * @throws IllegalArgumentException naming the option that is missing, repeated, unknown or wrong, or the
     *         artifact to add for a kind that is not on the class path
     */
    public static BindingSpec parse(String name, Map<String, String> options, CamelBindingKinds kinds, String appId) {
        BindingOptions common = new BindingOptions(name, KIND.name(), appId, options);
        List<String> set = new ArrayList<>(kinds.names().stream().filter(options::containsKey).toList());
        Optional<String> picked = common.find(KIND);
        if (picked.isPresent()) {
            // a profile or the environment switches the backend by naming the kind, whatever else is set
            if (!set.contains(picked.get())) {
                throw new IllegalArgumentException(common.key(KIND.name()) + " is '" + picked.get() + "', but "
                        + common.key(picked.get()) + " is not set");
            }
            set = List.of(picked.get());
        }
        if (set.size() != 1) {
            throw new IllegalArgumentException("Binding '" + name + "' needs exactly one of bindery.bindings." + name
                    + "." + kinds.names() + " (or 'kind' to pick one); it has " + set);
        }
        String kindName = set.get(0);
        CamelBindingKind kind = kinds.find(kindName).orElseThrow(() -> kinds.missing(name, kindName));
        refuseUnknown(common, options, kind, kinds, picked.isPresent());
        BindingOptions own = new BindingOptions(name, kindName, appId, options);
        own.target();
        COMMON.forEach(own::find);
        return new BindingSpec(name, kindName, own, kind.parse(own));
    }

    /**
     * Every option must be the kind's or a common one. When {@code kind} picks one of several, the options of the
     * other kinds are left for the profiles that pick those.
     */
    private static void refuseUnknown(BindingOptions common, Map<String, String> options, CamelBindingKind kind,
            CamelBindingKinds kinds, boolean picked) {
        Set<String> known = new TreeSet<>(kinds.names());
        COMMON.forEach(option -> known.add(option.name()));
        kind.options().forEach(option -> known.add(option.name()));
        Set<String> others = picked ? kinds.options() : Set.of();
        for (String key : options.keySet()) {
            if (!known.contains(key) && !others.contains(key) && !key.startsWith(BindingOptions.PASS_THROUGH)) {
                throw new IllegalArgumentException(common.key(key) + " is not an option of " + kind.name()
                        + " bindings; known: " + known + " and " + BindingOptions.PASS_THROUGH + "<camel-option>");
            }
        }
    }

    public String name() {
        return name;
    }

    /** @return the kind's option name, such as {@code cron} */
    public String kind() {
        return kind;
    }

    /** @return what the kind made of the binding's options */
    public CamelBinding binding() {
        return binding;
    }

    /** @return the events' type: {@code event-type}, or the kind's */
    public String eventType() {
        return options.find(EVENT_TYPE).orElseGet(binding::eventType);
    }

    /** @return deliveries in all before the message is dead-lettered */
    public int retryAttempts() {
        return options.value(RETRY_ATTEMPTS);
    }

    /** @return the first retry's delay */
    public Duration retryInitialDelay() {
        return options.value(RETRY_INITIAL_DELAY);
    }

    /** @return the longest delay between retries */
    public Duration retryMaxDelay() {
        return options.value(RETRY_MAX_DELAY);
    }

    /** @return where messages go that cannot be processed: another binding's name or a Camel URI */
    public Optional<String> deadLetter() {
        return options.find(DEAD_LETTER);
    }

    /** @return the state store that remembers objects seen and schedules fired */
    public String stateStore() {
        return options.value(STATE_STORE);
    }

    /** @return the caller of the input's messages that present no credential of their own */
    public Optional<String> caller() {
        return options.find(CALLER);
    }

    /**
     * @return the endpoint URI of the binding's input
     * @throws IllegalArgumentException when the kind is output only
     */
    public String inputUri(CamelContext context) {
        return binding.inputUri(uris(context));
    }

    /**
     * @return the endpoint URI of the binding's output
     * @throws IllegalArgumentException when the kind is input only
     */
    public String outputUri(CamelContext context) {
        return binding.outputUri(uris(context));
    }

    private EndpointUris uris(CamelContext context) {
        return new EndpointUris(context, name, options.passThrough());
    }

    @Override
    public String toString() {
        return name + " (" + kind + ")";
    }
}
