package dev.bindery.state.infinispan;

import java.util.ArrayList;
import java.util.List;

import org.infinispan.commons.util.CloseableIterator;

/** Lists the keys with a prefix from a cache's key iterator, embedded or remote. */
final class PrefixedKeys {

    private PrefixedKeys() {
    }

    /** @return up to {@code limit} keys that start with the prefix; the iterator is closed */
    static List<String> list(CloseableIterator<String> keys, String prefix, int limit) {
        List<String> found = new ArrayList<>();
        try (keys) {
            while (found.size() < limit && keys.hasNext()) {
                String key = keys.next();
                if (key.startsWith(prefix)) {
                    found.add(key);
                }
            }
        }
        return found;
    }
}
