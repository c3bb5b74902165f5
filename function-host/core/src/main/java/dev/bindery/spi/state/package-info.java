/**
 * The SPI of state engines: a {@link dev.bindery.spi.state.StateStoreProvider} opens a
 * {@link dev.bindery.spi.state.StateBackend} (bytes, ETags, TTL, transactions); the host puts Dapr's semantics, key
 * scoping and JSON on top, so every engine behaves alike.
 */
package dev.bindery.spi.state;
