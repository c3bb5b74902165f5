package dev.bindery.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.ApplicationInfoBuildItem;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;
import io.quarkus.deployment.builditem.LaunchModeBuildItem;
import io.quarkus.deployment.pkg.builditem.ArtifactResultBuildItem;
import io.quarkus.deployment.pkg.builditem.OutputTargetBuildItem;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Expressions;
import io.smallrye.config.SmallRyeConfig;

import dev.bindery.runtime.KnativeConfig;
import dev.bindery.runtime.internal.RecordedFunction;
import dev.bindery.secrets.Secret;

/**
 * Writes the application's Knative manifests to {@code target/knative/} when it is packaged: {@code service.yaml}
 * (Service and SinkBinding), {@code triggers.yaml} (a Trigger per routed function) and {@code sources/sources.yaml}
 * (PingSources and KafkaSources, the alternatives to in-process cron bindings and topic subscriptions),
 * {@code func.yaml} (the same Service for Knative Functions' {@code func deploy}, {@link FuncYaml}), and
 * {@code service-account.yaml} when a {@code kubernetes} secret store reads Secrets through the API. Settings come from
 * {@code bindery.knative.*} ({@link KnativeConfig}); the Secrets to mount or grant from {@code bindery.secrets.*} and
 * the {@code ${secret:…}} references in the configuration, read as written: the build never resolves a secret; the
 * security settings from {@code bindery.security.*} ({@link KnativeSecurity}).
 */
public class KnativeProcessor {

    private static final Logger LOG = Logger.getLogger(KnativeProcessor.class);

    @BuildStep
    ArtifactResultBuildItem knativeManifests(KnativeConfig knative, FunctionsBuildItem functions,
            OutputTargetBuildItem target, LaunchModeBuildItem launchMode, ApplicationInfoBuildItem application,
            CombinedIndexBuildItem index, ActorsBuildItem actors) {
        if (launchMode.getLaunchMode() != LaunchMode.NORMAL || !knative.enabled()) {
            return null;
        }
        // the app id and the default pub/sub are run-time settings of the host, read here as the build sees them
        Config config = ConfigProvider.getConfig();
        warnOfUnsharedActors(knative, actors, config);
        KnativeManifests.Settings settings = settings(knative, application, config);
        KnativeManifests.Files files = KnativeManifests.generate(configured(functions.functions(), config), settings,
                binding -> config.getOptionalValue("bindery.bindings." + binding + ".cron", String.class),
                KnativeSecrets.of(rawProperties(config), injectedSecrets(index.getIndex())), KnativeSecurity.of(config));
        Path dir = target.getOutputDirectory().resolve("knative");
        if (files.serviceAccount().isEmpty()) {
            delete(dir.resolve("service-account.yaml"));
        } else {
            write(dir.resolve("service-account.yaml"), files.serviceAccount());
        }
        write(dir.resolve("service.yaml"), files.service());
        write(dir.resolve("triggers.yaml"), files.triggers());
        write(dir.resolve("sources").resolve("sources.yaml"), files.sources());
        write(dir.resolve("func.yaml"), List.of(FuncYaml.of(files.service().get(0), settings)));
        LOG.debugf("Wrote the Knative manifests to %s", dir);
        return null;
    }

    /**
     * Replicas that each run an embedded store would each hold their own copy of every actor: actors need one replica
     * or a clustered store.
     */
    private static void warnOfUnsharedActors(KnativeConfig knative, ActorsBuildItem actors, Config config) {
        if (actors.actors().isEmpty() || knative.maxScale().orElse(Integer.MAX_VALUE) <= 1) {
            return;
        }
        String store = config.getOptionalValue("bindery.actors.state-store", String.class).orElse("default");
        String mode = config.getOptionalValue("bindery.state." + store + ".mode", String.class).orElse("embedded");
        if (!"clustered".equals(mode)) {
            LOG.warnf("The application has actors and the Knative Service may run %s replicas, but the actors' store "
                    + "'%s' is not clustered: each replica would keep its own actors. Set bindery.knative.max-scale=1, "
                    + "or bindery.state.%s.mode=clustered with a discovery the replicas share (see the README, Actors)",
                    knative.maxScale().map(String::valueOf).orElse("any number of"), store, store);
        }
    }

    static KnativeManifests.Settings settings(KnativeConfig knative, ApplicationInfoBuildItem application,
            Config config) {
        String app = application.getName();
        return new KnativeManifests.Settings(
                knative.serviceName().orElse(app),
                knative.image().orElse("dev.local/" + app + ":" + application.getVersion()),
                knative.namespace(),
                knative.broker(),
                knative.containerConcurrency().map(String::valueOf),
                knative.minScale().map(String::valueOf),
                knative.maxScale().map(String::valueOf),
                knative.target().map(String::valueOf),
                knative.delivery().retry(),
                knative.delivery().backoffPolicy(),
                knative.delivery().backoffDelay(),
                knative.delivery().deadLetterSink(),
                config.getOptionalValue("bindery.app-id", String.class).orElse(app),
                knative.kafkaBootstrapServers().orElse(config.getOptionalValue(
                        "bindery.pubsub.default.bootstrap-servers", String.class).orElse("kafka:9092")),
                knative.jvmOptions());
    }

    /**
     * The functions with what {@code bindery.functions.<name>.*} overrides, as the host applies it at run time: a
     * subscription ({@code topic}) or input binding ({@code binding}) declared in configuration, and the delivery
     * settings ({@code retry-attempts}, {@code retry-initial-delay}, {@code dead-letter-sink}).
     */
    static List<RecordedFunction> configured(List<RecordedFunction> functions, Config config) {
        List<RecordedFunction> configured = new ArrayList<>();
        for (RecordedFunction function : functions) {
            String name = function.getName();
            RecordedFunction copy = function.copy();
            functionValue(config, name, "topic").ifPresent(copy::setTopic);
            functionValue(config, name, "binding").ifPresent(copy::setBinding);
            functionValue(config, name, "retry-attempts").map(Integer::valueOf).ifPresent(attempts -> {
                if (attempts < 1) {
                    throw new IllegalArgumentException("bindery.functions." + name + ".retry-attempts=" + attempts
                            + ": give the deliveries in all, at least 1");
                }
                copy.setRetryAttempts(attempts);
            });
            functionValue(config, name, "retry-initial-delay").ifPresent(delay -> copy.setRetryInitialDelay(
                    DurationConverter.parseDuration(delay).toString()));
            functionValue(config, name, "dead-letter-sink").ifPresent(copy::setDeadLetterSink);
            configured.add(copy);
        }
        return configured;
    }

    /** {@code bindery.functions.<name>.<key>}, the name quoted or not. */
    private static Optional<String> functionValue(Config config, String function, String key) {
        return config.getOptionalValue("bindery.functions." + function + "." + key, String.class).or(() -> config
                .getOptionalValue("bindery.functions.\"" + function + "\"." + key, String.class));
    }

    /** A file an earlier build wrote that this one has nothing for. */
    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + file, e);
        }
    }

    /** Every property as written: expressions, and so {@code ${secret:…}} references, are not expanded. */
    static Map<String, String> rawProperties(Config config) {
        SmallRyeConfig smallRye = config.unwrap(SmallRyeConfig.class);
        return Expressions.withoutExpansion(() -> {
            Map<String, String> raw = new TreeMap<>();
            for (String name : smallRye.getPropertyNames()) {
                ConfigValue value = smallRye.getConfigValue(name);
                if (value.getRawValue() != null) {
                    raw.put(name, value.getRawValue());
                }
            }
            return raw;
        });
    }

    /** The secrets named by the application's {@code @Secret} injection points. */
    static List<KnativeSecrets.Injected> injectedSecrets(IndexView index) {
        List<KnativeSecrets.Injected> injected = new ArrayList<>();
        for (AnnotationInstance secret : index.getAnnotations(DotName.createSimple(Secret.class))) {
            injected.add(new KnativeSecrets.Injected(secret.value("store").asString(), secret.value("name")
                    .asString()));
        }
        return injected;
    }

    /**
     * Multi-document YAML, one resource per document, in a stable order. A string that reads as a number is quoted
     * (annotation and label values must be strings: the API server refuses {@code max-scale: 5}).
     */
    static void write(Path file, List<Map<String, Object>> resources) {
        YAMLFactory yaml = YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS).build();
        try {
            Files.createDirectories(file.getParent());
            StringBuilder text = new StringBuilder("# Generated by the Bindery build from the application's functions; "
                    + "do not edit (see knative/README.md)\n");
            ObjectMapper mapper = new ObjectMapper(yaml).enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
            for (int i = 0; i < resources.size(); i++) {
                if (i > 0) {
                    text.append("---\n");
                }
                text.append(mapper.writeValueAsString(resources.get(i)));
            }
            Files.writeString(file, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }
}
