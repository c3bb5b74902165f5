package dev.bindery.state.infinispan;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The options of a {@code type=infinispan} store, read from {@code bindery.state.<name>.*}. Each getter documents its
 * option and default; the README's configuration reference lists them.
 */
record InfinispanStateOptions(String store, Map<String, String> raw) {

    static final Set<String> MODES = Set.of("embedded", "clustered", "remote");

    /** {@code mode}: {@code embedded} (default; one process, persistent), {@code clustered} or {@code remote}. */
    String mode() {
        String mode = raw.getOrDefault("mode", "embedded");
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("bindery.state." + store + ".mode is '" + mode + "'; use one of " + MODES);
        }
        return mode;
    }

    /** {@code cache-name}: the Infinispan cache holding the store; default the store's name. */
    String cacheName() {
        return raw.getOrDefault("cache-name", store);
    }

    /** {@code persistence}: keep state in a file store under {@code data-dir} (default true; embedded and clustered). */
    boolean persistence() {
        return Boolean.parseBoolean(raw.getOrDefault("persistence", "true"));
    }

    /** {@code data-dir}: where the file store lives; default {@code bindery-data/<store>} in the working directory. */
    Path dataDir() {
        return Path.of(raw.getOrDefault("data-dir", "bindery-data/" + store)).toAbsolutePath();
    }

    /** {@code config-file}: an Infinispan XML file defining the cache (and cluster); overrides the short form. */
    Optional<String> configFile() {
        return Optional.ofNullable(raw.get("config-file"));
    }

    /** {@code cluster.name}: the JGroups cluster; default {@code bindery-<store>}. */
    String clusterName() {
        return raw.getOrDefault("cluster.name", "bindery-" + store);
    }

    /** {@code cluster.bind-address}: the address JGroups binds to; default {@code SITE_LOCAL} (a private address). */
    String bindAddress() {
        return raw.getOrDefault("cluster.bind-address", "SITE_LOCAL");
    }

    /** {@code cluster.bind-port}: the JGroups TCP port; default 7800. */
    int bindPort() {
        return Integer.parseInt(raw.getOrDefault("cluster.bind-port", "7800"));
    }

    /**
     * {@code cluster.initial-hosts}: {@code host[port],host[port]} of the members to find (TCPPING); absent means
     * multicast discovery (MPING).
     */
    Optional<String> initialHosts() {
        return Optional.ofNullable(raw.get("cluster.initial-hosts"));
    }

    /** {@code owners}: copies of each key in a cluster; default 2. */
    int owners() {
        return Integer.parseInt(raw.getOrDefault("owners", "2"));
    }

    /** {@code hotrod.servers}: {@code host:port;host:port} of the Infinispan servers (remote mode). */
    String servers() {
        String servers = raw.get("hotrod.servers");
        if (servers == null || servers.isBlank()) {
            throw new IllegalArgumentException("bindery.state." + store + ".hotrod.servers is required in remote mode "
                    + "(host:port;host:port)");
        }
        return servers;
    }

    /** {@code hotrod.username} and {@code hotrod.password}: credentials for the servers (remote mode). */
    Optional<String> username() {
        return Optional.ofNullable(raw.get("hotrod.username"));
    }

    Optional<String> password() {
        return Optional.ofNullable(raw.get("hotrod.password"));
    }

    /** {@code hotrod.sasl-mechanism}: the SASL mechanism for the credentials; default the client's (SCRAM-SHA-512). */
    Optional<String> saslMechanism() {
        return Optional.ofNullable(raw.get("hotrod.sasl-mechanism"));
    }

    /** {@code hotrod.server-name}: the server name SASL authenticates against; default the client's. */
    Optional<String> serverName() {
        return Optional.ofNullable(raw.get("hotrod.server-name"));
    }

    /** {@code hotrod.realm}: the SASL realm of the credentials; default the client's ({@code default}). */
    Optional<String> realm() {
        return Optional.ofNullable(raw.get("hotrod.realm"));
    }

    /** {@code hotrod.tls.enabled}, {@code hotrod.tls.trust-store} and {@code hotrod.tls.trust-store-password}. */
    boolean tls() {
        return Boolean.parseBoolean(raw.getOrDefault("hotrod.tls.enabled", "false"));
    }

    /** {@code hotrod.tls.sni-host-name}: the host name the server's certificate must carry; default the first server's. */
    String sniHostName() {
        String sni = raw.get("hotrod.tls.sni-host-name");
        if (sni != null) {
            return sni;
        }
        String first = servers().split(";")[0].trim();
        int colon = first.lastIndexOf(':');
        return colon > 0 ? first.substring(0, colon) : first;
    }

    Optional<String> trustStore() {
        return Optional.ofNullable(raw.get("hotrod.tls.trust-store"));
    }

    Optional<String> trustStorePassword() {
        return Optional.ofNullable(raw.get("hotrod.tls.trust-store-password"));
    }
}
