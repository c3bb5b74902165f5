/**
 * What adapters legitimately share, documented and stable: event ids, media types, reading untyped payloads, raw
 * pub/sub events, ETags and state conflicts, the retry policy, the one dead-letter envelope
 * ({@link dev.bindery.spi.support.DeadLetters}) and the one HTTP contract ({@link dev.bindery.spi.support.HttpExchange},
 * {@link dev.bindery.spi.support.HttpProblem}). Adapters use these, never another module's {@code internal} package.
 */
package dev.bindery.spi.support;
