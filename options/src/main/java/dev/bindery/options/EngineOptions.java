package dev.bindery.options;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.smallrye.config.ConfigMappings;
import io.smallrye.config.ConfigMappings.ConfigClass;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.PropertyNamesMatcher;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Reads the options the host hands an engine ({@code <option>} → value) into a typed SmallRye Config mapping, without
 * Quarkus: each option and its default is declared once, in the engine's {@code @ConfigMapping} interface
 * ({@code @WithDefault}, one line of Javadoc), and a wrong or unknown option is refused with its full name.
 */
public final class EngineOptions {

    private EngineOptions() {
    }

    /**
     * @param mapping the engine's {@code @ConfigMapping} interface; its option names are relative to {@code prefix}
     * @param prefix where the options live in the application's configuration, such as {@code bindery.state.orders}:
     *        it names them in messages
     * @param options every option given, as {@code <option>} → value, relative to {@code prefix}
     * @return the options, typed, with the mapping's defaults where not given
     * @throws IllegalArgumentException naming an option that is not the mapping's (with the known ones), or whose
     *         value cannot be read, or that is required and missing
     */
    public static <T> T read(Class<T> mapping, String prefix, Map<String, String> options) {
        ConfigClass configClass = ConfigClass.configClass(mapping, prefix);
        PropertyNamesMatcher known = ConfigMappings.propertyNamesMatcher(List.of(configClass));
        Map<String, String> named = new HashMap<>();
        options.forEach((option, value) -> named.put(prefix + "." + option, value));
        Set<String> unknown = new TreeSet<>();
        named.keySet().stream().filter(name -> !known.matches(name)).forEach(unknown::add);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", unknown) + (unknown.size() == 1 ? " is" : " are")
                    + " not a known option; known options of " + prefix + ": " + knownOptions(configClass, prefix));
        }
        try {
            SmallRyeConfig config = new SmallRyeConfigBuilder()
                    .withSources(new PropertiesConfigSource(named, prefix, 100))
                    .withMapping(configClass)
                    .build();
            return config.getConfigMapping(mapping, prefix);
        } catch (ConfigValidationException e) {
            throw new IllegalArgumentException(IntStream.range(0, e.getProblemCount())
                    .mapToObj(i -> e.getProblem(i).getMessage())
                    .collect(Collectors.joining("; ")), e);
        }
    }

    /** @return the options the mapping declares, relative to {@code prefix}, sorted ({@code *} stands for any key) */
    private static Set<String> knownOptions(ConfigClass configClass, String prefix) {
        return ConfigMappings.getProperties(configClass).keySet().stream()
                .map(name -> name.substring(prefix.length() + 1))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
