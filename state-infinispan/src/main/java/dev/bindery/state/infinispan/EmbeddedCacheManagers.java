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
import org.infinispan.partitionhandling.PartitionHandling;
import org.infinispan.transaction.LockingMode;
import org.infinispan.transaction.TransactionMode;
import org.infinispan.transaction.lookup.EmbeddedTransactionManagerLookup;

/** Starts the embedded cache manager of a store from its short-form options or from an Infinispan XML file. */
final class EmbeddedCacheManagers {

    private static final Pattern HOSTS = Pattern.compile("[A-Za-z0-9.:_-]+\\[\\d+](,[A-Za-z0-9.:_-]+\\[\\d+])*");
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.:_-]+");

    private EmbeddedCacheManagers() {
    }

    static EmbeddedCacheManager start(InfinispanStore store) {
        if (store.options().configFile().isPresent()) {
            return fromFile(store);
        }
        boolean clustered = store.options().mode() == InfinispanOptions.Mode.CLUSTERED;
        ConfigurationBuilderHolder holder = clustered ? clusterHolder(store) : new ConfigurationBuilderHolder();
        if (!clustered) {
            holder.getGlobalConfigurationBuilder().nonClusteredDefault();
        }
        GlobalConfigurationBuilder global = holder.getGlobalConfigurationBuilder();
        global.cacheManagerName("bindery-" + store.name());
        global.jmx().disable();
        if (store.options().persistence()) {
            global.globalState().enable().persistentLocation(store.dataDir().toString());
        }
        DefaultCacheManager manager = new DefaultCacheManager(holder, true);
        manager.defineConfiguration(store.cacheName(), cache(store, clustered).build());
        if (!clustered && store.options().persistence()) {
            manager.defineConfiguration(TransactionJournal.cacheName(store.cacheName()), journal(store).build());
        }
        return manager;
    }

    /** The file's cache manager, with the store's cache (when the file defines it) grouping actor keys. */
    private static EmbeddedCacheManager fromFile(InfinispanStore store) {
        String file = store.options().configFile().get();
        ConfigurationBuilderHolder holder;
        try {
            holder = new ParserRegistry().parseFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + store.option("config-file") + " " + file, e);
        }
        ConfigurationBuilder cache = holder.getNamedConfigurationBuilders().get(store.cacheName());
        if (cache != null) {
            groupActorKeys(cache);
        }
        return new DefaultCacheManager(holder, true);
    }

    /**
     * Transactional with pessimistic locking (what ETag checks rely on), persistent, actor keys grouped; when
     * clustered, distributed, and a partition that lost the majority or every owner of a segment refuses reads and
     * writes (rather than answering from, or diverging in, a minority).
     */
    static ConfigurationBuilder cache(InfinispanStore store, boolean clustered) {
        ConfigurationBuilder cache = new ConfigurationBuilder();
        cache.transaction().transactionMode(TransactionMode.TRANSACTIONAL).lockingMode(LockingMode.PESSIMISTIC)
                .transactionManagerLookup(new EmbeddedTransactionManagerLookup());
        // in local mode too: the segments of a persisted key must not depend on the mode it was written in
        groupActorKeys(cache);
        if (clustered) {
            cache.clustering().cacheMode(CacheMode.DIST_SYNC).hash().numOwners(store.options().owners());
            cache.clustering().partitionHandling().whenSplit(PartitionHandling.DENY_READ_WRITES);
        }
        if (store.options().persistence()) {
            String dir = store.dataDir().resolve(store.cacheName()).toString();
            cache.persistence().addSoftIndexFileStore().dataLocation(dir + "/data").indexLocation(dir + "/index")
                    .syncWrites(store.options().syncWrites());
        }
        return cache;
    }

    /**
     * The {@link TransactionJournal} of a local, persisted cache: not transactional (a record is written alone, before
     * the transaction commits), persisted next to the cache with the same flushing.
     */
    static ConfigurationBuilder journal(InfinispanStore store) {
        ConfigurationBuilder journal = new ConfigurationBuilder();
        String dir = store.dataDir().resolve(TransactionJournal.cacheName(store.cacheName())).toString();
        journal.persistence().addSoftIndexFileStore().dataLocation(dir + "/data").indexLocation(dir + "/index")
                .syncWrites(store.options().syncWrites());
        return journal;
    }

    private static void groupActorKeys(ConfigurationBuilder cache) {
        cache.clustering().hash().groups().enabled().addGrouper(new ActorKeyGrouper());
    }

    /** The cluster's JGroups stack: Infinispan's TCP stack on the bind address, with TCPPING when hosts are listed. */
    private static ConfigurationBuilderHolder clusterHolder(InfinispanStore store) {
        String address = store.options().cluster().bindAddress();
        if (!ADDRESS.matcher(address).matches()) {
            throw new IllegalArgumentException(store.option("cluster.bind-address") + " '" + address
                    + "' is not an address or JGroups keyword");
        }
        String discovery = store.options().cluster().initialHosts().map(hosts -> {
            if (!HOSTS.matcher(hosts).matches()) {
                throw new IllegalArgumentException(store.option("cluster.initial-hosts") + " '"
                        + hosts + "' is not of the form host[port],host[port]");
            }
            return "<TCPPING xmlns=\"urn:org:jgroups\" initial_hosts=\"" + hosts + "\" port_range=\"0\""
                    + " ispn:stack.combine=\"REPLACE\" ispn:stack.position=\"MPING\"/>";
        }).orElse("");
        String xml = "<infinispan xmlns=\"urn:infinispan:config:16.0\" xmlns:ispn=\"urn:infinispan:config:16.0\">"
                + "<jgroups><stack name=\"bindery\" extends=\"tcp\">"
                + "<TCP xmlns=\"urn:org:jgroups\" bind_addr=\"" + address + "\" bind_port=\""
                + store.options().cluster().bindPort()
                + "\" port_range=\"0\"/>" + discovery + "</stack></jgroups>"
                + "<cache-container><transport cluster=\"" + store.clusterName().replaceAll("[^A-Za-z0-9._-]", "_")
                + "\" stack=\"bindery\"/></cache-container></infinispan>";
        return new ParserRegistry().parse(xml);
    }
}
