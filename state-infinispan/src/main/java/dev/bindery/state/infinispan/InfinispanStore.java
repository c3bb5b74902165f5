package dev.bindery.state.infinispan;

import java.nio.file.Path;
import java.util.Map;

import dev.bindery.options.EngineOptions;

/**
 * One {@code type=infinispan} store: its name and its options, with the defaults that depend on the name.
 *
 * @param name the store's name
 * @param options its options, {@code bindery.state.<name>.*}
 */
record InfinispanStore(String name, InfinispanOptions options) {

    /** @return the store's options read from what the host gave, defaults applied, wrong or unknown ones refused */
    static InfinispanStore of(String name, Map<String, String> options) {
        return new InfinispanStore(name, EngineOptions.read(InfinispanOptions.class, "bindery.state." + name, options));
    }

    /** @return the full name of an option of this store, for messages */
    String option(String option) {
        return "bindery.state." + name + "." + option;
    }

    String cacheName() {
        return options.cacheName().orElse(name);
    }

    Path dataDir() {
        return options.dataDir().orElse(Path.of("bindery-data", name)).toAbsolutePath();
    }

    String clusterName() {
        return options.cluster().name().orElse("bindery-" + name);
    }

    /** @return the Hot Rod servers, which remote mode requires */
    String servers() {
        return options.hotrod().servers().filter(servers -> !servers.isBlank())
                .orElseThrow(() -> new IllegalArgumentException(option("hotrod.servers") + " is required in remote mode "
                        + "(host:port;host:port)"));
    }

    String sniHostName() {
        return options.hotrod().tls().sniHostName().orElseGet(() -> {
            String first = servers().split(";")[0].trim();
            int colon = first.lastIndexOf(':');
            return colon > 0 ? first.substring(0, colon) : first;
        });
    }
}
