package dev.bindery.state.infinispan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.configuration.parsing.ConfigurationBuilderHolder;
import org.infinispan.configuration.parsing.ParserRegistry;
import org.infinispan.manager.DefaultCacheManager;
import org.infinispan.manager.EmbeddedCacheManager;
import org.infinispan.transaction.LockingMode;
import org.infinispan.transaction.TransactionMode;
import org.infinispan.transaction.lookup.EmbeddedTransactionManagerLookup;

/** Starts the embedded cache manager of a store from its short-form options or from an Infinispan XML file. */
final class EmbeddedCacheManagers {

    private static final Pattern HOSTS = Pattern.compile("[A-Za-z0-9.:_-]+\\[\\d+](,[A-Za-z0-9.:_-]+\\[\\d+])*");
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.:_-]+");

    private EmbeddedCacheManagers() {
    }

    static EmbeddedCacheManager start(InfinispanStateOptions options) {
        if (options.configFile().isPresent()) {
            try {
                return new DefaultCacheManager(options.configFile().get());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read bindery.state." + options.store() + ".config-file "
                        + options.configFile().get(), e);
            }
        }
        boolean clustered = options.mode().equals("clustered");
        ConfigurationBuilderHolder holder = clustered ? clusterHolder(options) : new ConfigurationBuilderHolder();
        if (!clustered) {
            holder.getGlobalConfigurationBuilder().nonClusteredDefault();
        }
        GlobalConfigurationBuilder global = holder.getGlobalConfigurationBuilder();
        global.cacheManagerName("bindery-" + options.store());
        global.jmx().disable();
        if (options.persistence()) {
            global.globalState().enable().persistentLocation(options.dataDir().toString());
        }
        DefaultCacheManager manager = new DefaultCacheManager(holder, true);
        manager.defineConfiguration(options.cacheName(), cache(options, clustered).build());
        return manager;
    }

    /** Transactional with pessimistic locking (what ETag checks rely on), persistent, distributed when clustered. */
    private static ConfigurationBuilder cache(InfinispanStateOptions options, boolean clustered) {
        ConfigurationBuilder cache = new ConfigurationBuilder();
        cache.transaction().transactionMode(TransactionMode.TRANSACTIONAL).lockingMode(LockingMode.PESSIMISTIC)
                .transactionManagerLookup(new EmbeddedTransactionManagerLookup());
        if (clustered) {
            cache.clustering().cacheMode(CacheMode.DIST_SYNC).hash().numOwners(options.owners());
        }
        if (options.persistence()) {
            String dir = options.dataDir().resolve(options.cacheName()).toString();
            cache.persistence().addSoftIndexFileStore().dataLocation(dir + "/data").indexLocation(dir + "/index");
        }
        return cache;
    }

    /** The cluster's JGroups stack: Infinispan's TCP stack on the bind address, with TCPPING when hosts are listed. */
    private static ConfigurationBuilderHolder clusterHolder(InfinispanStateOptions options) {
        String address = options.bindAddress();
        if (!ADDRESS.matcher(address).matches()) {
            throw new IllegalArgumentException("bindery.state." + options.store() + ".cluster.bind-address '" + address
                    + "' is not an address or JGroups keyword");
        }
        String discovery = options.initialHosts().map(hosts -> {
            if (!HOSTS.matcher(hosts).matches()) {
                throw new IllegalArgumentException("bindery.state." + options.store() + ".cluster.initial-hosts '"
                        + hosts + "' is not of the form host[port],host[port]");
            }
            return "<TCPPING xmlns=\"urn:org:jgroups\" initial_hosts=\"" + hosts + "\" port_range=\"0\""
                    + " ispn:stack.combine=\"REPLACE\" ispn:stack.position=\"MPING\"/>";
        }).orElse("");
        String xml = "<infinispan xmlns=\"urn:infinispan:config:16.0\" xmlns:ispn=\"urn:infinispan:config:16.0\">"
                + "<jgroups><stack name=\"bindery\" extends=\"tcp\">"
                + "<TCP xmlns=\"urn:org:jgroups\" bind_addr=\"" + address + "\" bind_port=\"" + options.bindPort()
                + "\" port_range=\"0\"/>" + discovery + "</stack></jgroups>"
                + "<cache-container><transport cluster=\"" + options.clusterName().replaceAll("[^A-Za-z0-9._-]", "_")
                + "\" stack=\"bindery\"/></cache-container></infinispan>";
        return new ParserRegistry().parse(xml);
    }
}
