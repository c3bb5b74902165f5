package dev.bindery.runtime.internal;

import java.util.OptionalInt;

import io.quarkus.runtime.configuration.ConfigBuilder;
import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigSourceInterceptorFactory;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Adds {@link SecretReferencesInterceptor} to the runtime configuration only (the deployment processor registers it
 * with a {@code RunTimeConfigBuilderBuildItem}): the build never reads a secret, and each start of the application
 * opens its stores afresh.
 */
public final class SecretReferencesRegistration implements ConfigBuilder {

    @Override
    public SmallRyeConfigBuilder configBuilder(SmallRyeConfigBuilder builder) {
        return builder.withInterceptorFactories(new ConfigSourceInterceptorFactory() {
            @Override
            public ConfigSourceInterceptor getInterceptor(ConfigSourceInterceptorContext context) {
                return new SecretReferencesInterceptor(SecretReferences.reset());
            }

            @Override
            public OptionalInt getPriority() {
                return OptionalInt.of(SecretReferencesInterceptor.PRIORITY);
            }
        });
    }
}
