package dev.bindery.runtime.internal;

import java.io.Serial;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.ExpressionConfigSourceInterceptor;
import io.smallrye.config.Priorities;

import dev.bindery.internal.secrets.SecretReference;

/**
 * Resolves {@code ${secret:<store>/<name>#<key>}} in any property of the runtime configuration. It sits below
 * SmallRye Config's expression interceptor (which would read {@code ${secret:x}} as a property {@code secret} with the
 * default {@code x}) and above the profile interceptor, so it sees a value as written for the active profile. The
 * secret's value is escaped, so that a {@code $} in a password is never taken for an expression.
 */
final class SecretReferencesInterceptor implements ConfigSourceInterceptor {

    @Serial
    private static final long serialVersionUID = 1L;
    /** Between the profile interceptor (3200) and the expression interceptor (3300). */
    static final int PRIORITY = Priorities.LIBRARY + 290;

    private final transient SecretReferences references;

    SecretReferencesInterceptor(SecretReferences references) {
        this.references = references;
    }

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (value == null || !SecretReference.mentions(value.getValue())) {
            return value;
        }
        String resolved = references.resolve(name, value.getValue(), lookup(context));
        return value.withValue(escape(resolved));
    }

    private static SecretReferences.Lookup lookup(ConfigSourceInterceptorContext context) {
        ExpressionConfigSourceInterceptor expressions = new ExpressionConfigSourceInterceptor();
        return new SecretReferences.Lookup() {
            @Override
            public Iterable<String> names() {
                return () -> context.iterateNames();
            }

            @Override
            public String value(String name) {
                // a value with a secret reference stays as written (the expression interceptor would read
                // ${secret:x} as a property 'secret' with the default 'x'); the registry resolves it
                ConfigValue raw = context.proceed(name);
                if (raw == null || SecretReference.mentions(raw.getValue())) {
                    return raw == null ? null : raw.getValue();
                }
                ConfigValue value = expressions.getValue(context, name);
                return value == null ? null : value.getValue();
            }
        };
    }

    /** SmallRye Config reads {@code \$} as a literal dollar sign. */
    static String escape(String value) {
        return value.replace("$", "\\$");
    }
}
