/**
 * The SPI of secret stores: a {@link dev.bindery.spi.secrets.SecretStoreProvider} (found with
 * {@link java.util.ServiceLoader}) opens a {@link dev.bindery.spi.secrets.SecretBackend} for each store configured with
 * its type. The host adds scoping, caching, stale serving and rotation around every backend, so a backend only reads.
 */
package dev.bindery.spi.secrets;
