package dev.bindery.runtime.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.smallrye.config.ConfigMappings;
import io.smallrye.config.ConfigMappings.ConfigClass;

/**
 * Splits the options of one store or component between the host and its engine. The host's option names are read from
 * the {@code BinderyConfig} group that declares them, so no list of names repeats the mapping.
 */
final class HostOptions {

    private final Set<String> names;

    private HostOptions(Set<String> names) {
        this.names = names;
    }

    /** @param group a group of {@code BinderyConfig} whose other options go to an engine ({@code @WithParentName} map) */
    static HostOptions of(Class<?> group) {
        return new HostOptions(ConfigMappings.getProperties(ConfigClass.configClass(group, "")).keySet().stream()
                .filter(name -> !name.contains("*"))
                .collect(Collectors.toUnmodifiableSet()));
    }

    /** @return the names of the options the host reads itself */
    Set<String> names() {
        return names;
    }

    /** @return every option of {@code all} that is not the host's */
    Map<String, String> engineOptions(Map<String, String> all) {
        Map<String, String> engine = new HashMap<>();
        all.forEach((option, value) -> {
            if (!names.contains(option)) {
                engine.put(option, value);
            }
        });
        return engine;
    }
}
