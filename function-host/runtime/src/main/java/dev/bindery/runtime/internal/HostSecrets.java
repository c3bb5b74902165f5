package dev.bindery.runtime.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

import dev.bindery.internal.invoke.CurrentEvent;
import dev.bindery.internal.secrets.SecretListener;
import dev.bindery.internal.secrets.SecretReference;
import dev.bindery.internal.secrets.SecretRegistry;
import dev.bindery.runtime.BinderyConfig;
import dev.bindery.secrets.Secret;
import dev.bindery.secrets.SecretAccessDeniedException;
import dev.bindery.secrets.SecretNotFoundException;
import dev.bindery.secrets.SecretRotated;
import dev.bindery.secrets.Secrets;

/**
 * The application's {@link Secrets}: the stores opened with the configuration, the calling function's own scoping on
 * top of theirs, {@code @Secret} values, metrics and log lines of refreshes that fail, and rotation — components whose
 * configuration references a rotated secret are rebuilt, then {@link SecretRotated} is fired.
 */
@Startup
@Singleton
public class HostSecrets implements Secrets {

    private static final Logger LOG = Logger.getLogger(HostSecrets.class);

    private final SecretReferences references;
    private final SecretRegistry registry;
    private final BinderyConfig config;

    HostSecrets(Config configuration, BinderyConfig config, MeterRegistry meters, Event<SecretRotated> rotated,
            ComponentRotation components) {
        this.config = config;
        this.references = SecretReferences.current();
        this.registry = references.registry(new SecretReferences.Lookup() {
            @Override
            public Iterable<String> names() {
                return configuration.getPropertyNames();
            }

            @Override
            public String value(String name) {
                return configuration.getOptionalValue(name, String.class).orElse(null);
            }
        });
        resolveEveryReference(configuration);
        registry.addListener(new SecretListener() {
            @Override
            public void rotated(String store, String name) {
                counter(meters, "bindery.secrets.rotations", "Secrets noticed to have changed in their store", store)
                        .increment();
                Set<String> properties = references.propertiesReferencing(store, name);
                LOG.infof("Secret '%s/%s' changed in its store%s", store, name,
                        properties.isEmpty() ? "" : "; rebuilding what these properties configure: " + properties);
                components.rebuild(properties);
                rotated.fire(new SecretRotated(store, name));
            }

            @Override
            public void refreshFailed(String store, String name, Throwable failure) {
                counter(meters, "bindery.secrets.refresh.failures",
                        "Refreshes of a cached secret that failed; the cached value is served until max-stale", store)
                        .increment();
                LOG.warnf("Secret '%s/%s' could not be refreshed (%s); its cached value is served until it is "
                        + "max-stale old", store, name, failure.getClass().getSimpleName());
            }

            @Override
            public void staleRead(String store, String name) {
                counter(meters, "bindery.secrets.stale.reads",
                        "Reads answered with a cached value whose refresh failed", store).increment();
            }
        });
    }

    /**
     * A reference is resolved when its property is read, and some are read late or never: read every property whose
     * value references a secret now, so that a reference to a missing or denied secret fails the start, naming the
     * property and the secret (and so that every referenced secret is watched for rotation from the start).
     */
    private static void resolveEveryReference(Config configuration) {
        for (ConfigSource source : configuration.getConfigSources()) {
            for (String name : source.getPropertyNames()) {
                if (SecretReference.mentions(source.getValue(name))) {
                    // a profile's property (%prod.x) is read as the active profile has it
                    configuration.getConfigValue(name.startsWith("%") ? name.substring(name.indexOf('.') + 1) : name);
                }
            }
        }
    }

    private static Counter counter(MeterRegistry meters, String name, String description, String store) {
        return Counter.builder(name).description(description).tag("store", store).register(meters);
    }

    @Override
    public Map<String, String> get(String store, String name) {
        checkFunction(store, name);
        return registry.get(store, name);
    }

    @Override
    public Set<String> names(String store) {
        Set<String> names = new TreeSet<>(registry.names(store));
        names.removeIf(name -> functionRefusal(store, name) != null);
        return names;
    }

    @Override
    public Map<String, Map<String, String>> bulk(String store) {
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        for (String name : names(store)) {
            try {
                all.put(name, registry.get(store, name));
            } catch (SecretNotFoundException e) {
                // deleted between the listing and the read
            }
        }
        return all;
    }

    private void checkFunction(String store, String name) {
        String refusal = functionRefusal(store, name);
        if (refusal != null) {
            throw new SecretAccessDeniedException(store, name, refusal);
        }
    }

    private String functionRefusal(String store, String name) {
        String function = CurrentEvent.function();
        if (function == null) {
            return null;
        }
        BinderyConfig.Function settings = config.functions().get(function);
        if (settings == null || settings.secrets().allowed().isEmpty()) {
            return null;
        }
        List<String> allowed = settings.secrets().allowed().get();
        return allowed.contains(store + "/" + name) || allowed.contains(store + "/*")
                ? null
                : "function '" + function + "' may read only " + allowed;
    }

    @Produces
    @Secret(store = "", name = "")
    String value(InjectionPoint injection) {
        Secret secret = annotation(injection);
        return pick(secret, get(secret.store(), secret.name()));
    }

    @Produces
    @Secret(store = "", name = "")
    Supplier<String> supplier(InjectionPoint injection) {
        Secret secret = annotation(injection);
        get(secret.store(), secret.name());
        return () -> pick(secret, get(secret.store(), secret.name()));
    }

    private static Secret annotation(InjectionPoint injection) {
        return injection.getQualifiers().stream().filter(Secret.class::isInstance).map(Secret.class::cast)
                .findFirst().orElseThrow();
    }

    private static String pick(Secret secret, Map<String, String> keys) {
        String key = secret.key().isEmpty()
                ? (keys.size() == 1 ? keys.keySet().iterator().next() : secret.name())
                : secret.key();
        String value = keys.get(key);
        if (value == null) {
            throw new SecretNotFoundException(secret.store(), secret.name(), key);
        }
        return value;
    }

    @PreDestroy
    void close() {
        references.closeIfCurrent();
    }
}
