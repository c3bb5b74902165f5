package dev.bindery.runtime.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A component's options read again from the configuration: a {@code @ConfigMapping} keeps the values of start-up, while
 * a value that references a secret must carry the secret's current value when the component is built again after a
 * rotation.
 */
final class FreshOptions {

    private FreshOptions() {
    }

    /**
     * @param prefix where the options live, such as {@code bindery.state.orders}
     * @param asStarted the options as read at start-up; their names are read again
     */
    static Map<String, String> of(String prefix, Map<String, String> asStarted) {
        // the application's configuration, whichever thread asks (an engine opens on a thread of its own, whose context
        // class loader may not be the application's)
        var config = ConfigProvider.getConfig(FreshOptions.class.getClassLoader());
        Map<String, String> fresh = new LinkedHashMap<>();
        asStarted.forEach((option, value) -> fresh.put(option, config.getOptionalValue(prefix + "." + option,
                String.class).orElse(value)));
        return fresh;
    }
}
