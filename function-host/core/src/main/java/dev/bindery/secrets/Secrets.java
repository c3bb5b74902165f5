package dev.bindery.secrets;

import java.util.Map;
import java.util.Set;

/**
 * Reads secrets from the configured stores. A secret is a name in a store and holds one or more keys, each with a
 * value: a Vault entry, a Kubernetes Secret, an AWS secret with a JSON body, or a single value (an environment variable
 * or an SSM parameter has one key, its own name).
 * <p>
 * Every call checks scoping: the store's {@code default-access}, {@code allowed} and {@code denied} lists, and, while a
 * function runs, that function's {@code bindery.functions."<name>".secrets.allowed} list when it has one. Answers come
 * from the store's cache (refreshed ahead of its TTL); the calls block and are made from worker threads.
 *
 * @see SecretNotFoundException
 * @see SecretAccessDeniedException
 * @see SecretStoreUnavailableException
 */
public interface Secrets {

    /**
     * @param store the store's name, as in {@code bindery.secrets.<store>.*}
     * @param name the secret's name in that store
     * @return the secret's keys and values; never null, unmodifiable
     * @throws SecretNotFoundException when the store has no such secret, or no such store is configured
     * @throws SecretAccessDeniedException when scoping does not let the caller read it
     * @throws SecretStoreUnavailableException when the store cannot be reached and nothing cached may be served
     */
    Map<String, String> get(String store, String name);

    /**
     * @param store the store's name
     * @param name the secret's name
     * @param key one of the secret's keys
     * @return that key's value; never null
     * @throws SecretNotFoundException when the secret, or that key of it, does not exist
     * @throws SecretAccessDeniedException when scoping does not let the caller read it
     * @throws SecretStoreUnavailableException when the store cannot be reached and nothing cached may be served
     */
    default String get(String store, String name, String key) {
        String value = get(store, name).get(key);
        if (value == null) {
            throw new SecretNotFoundException(store, name, key);
        }
        return value;
    }

    /**
     * @param store the store's name
     * @return the names of the store's secrets that the caller may read (the others are left out, not refused)
     * @throws SecretNotFoundException when no such store is configured
     * @throws SecretStoreUnavailableException when the store cannot be reached
     */
    Set<String> names(String store);

    /**
     * Dapr's bulk read.
     *
     * @param store the store's name
     * @return every secret of the store that the caller may read, name → keys and values
     * @throws SecretNotFoundException when no such store is configured
     * @throws SecretStoreUnavailableException when the store cannot be reached
     */
    Map<String, Map<String, String>> bulk(String store);
}
