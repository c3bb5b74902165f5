package dev.bindery.state.infinispan;

import java.nio.file.Path;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The options of a {@code type=infinispan} store, {@code bindery.state.<name>.*}: each declared once, with its default,
 * and read with {@code EngineOptions}. The defaults that depend on the store's name are given by {@link InfinispanStore}.
 */
@ConfigMapping
interface InfinispanOptions {

    /** Where the cache lives: in this process, in a cluster of the application's instances, or on Infinispan Server. */
    @WithDefault("embedded")
    Mode mode();

    /** The Infinispan cache holding the store; default the store's name. */
    Optional<String> cacheName();

    /** Keep state in a file store under {@code data-dir} (embedded and clustered). */
    @WithDefault("true")
    boolean persistence();

    /** Where the file store lives; default {@code bindery-data/<store>} in the working directory. */
    Optional<Path> dataDir();

    /**
     * Flush every write to the disk (fsync) before it returns. Off, a write is in the operating system's cache when it
     * returns: it survives the process being killed, not a machine crash or power loss.
     */
    @WithDefault("false")
    boolean syncWrites();

    /** An Infinispan XML file defining the cache (and cluster); overrides the short form. */
    Optional<String> configFile();

    /** Copies of each key in a cluster. */
    @WithDefault("2")
    int owners();

    /** The JGroups cluster of {@code mode=clustered}. */
    Cluster cluster();

    /** The Infinispan Server of {@code mode=remote}. */
    Hotrod hotrod();

    /** Where the cache lives. */
    enum Mode {
        /** One process, persistent. */
        EMBEDDED,
        /** The application's instances form a cluster over JGroups. */
        CLUSTERED,
        /** Infinispan Server, over Hot Rod. */
        REMOTE
    }

    /** The JGroups cluster. */
    interface Cluster {

        /** The cluster's name; default {@code bindery-<store>}. */
        Optional<String> name();

        /** The address JGroups binds to: an IP or a JGroups keyword such as {@code SITE_LOCAL} (a private address). */
        @WithDefault("SITE_LOCAL")
        String bindAddress();

        /** The JGroups TCP port. */
        @WithDefault("7800")
        int bindPort();

        /** {@code host[port],host[port]} of the members to find (TCPPING); absent means multicast discovery (MPING). */
        Optional<String> initialHosts();
    }

    /** The Hot Rod client. */
    interface Hotrod {

        /** {@code host:port;host:port} of the Infinispan servers; required in remote mode. */
        Optional<String> servers();

        /** The user of the credentials (SASL). */
        Optional<String> username();

        /** The password of the credentials. */
        Optional<String> password();

        /** The SASL mechanism of the credentials; default the client's (SCRAM-SHA-512). */
        Optional<String> saslMechanism();

        /** The server name SASL authenticates against; default the client's. */
        Optional<String> serverName();

        /** The SASL realm of the credentials; default the client's ({@code default}). */
        Optional<String> realm();

        /** TLS to the servers. */
        Tls tls();
    }

    /** TLS of the Hot Rod client. */
    interface Tls {

        /** Whether the client speaks TLS to the servers. */
        @WithDefault("false")
        boolean enabled();

        /** The host name the servers' certificate must carry; default the first server's host. */
        Optional<String> sniHostName();

        /** The trust store holding the servers' certificate or CA. */
        Optional<String> trustStore();

        /** The trust store's password. */
        Optional<String> trustStorePassword();
    }
}
