/**
 * The SPI of message brokers: a {@link dev.bindery.spi.pubsub.PubSubBrokerProvider} opens a
 * {@link dev.bindery.spi.pubsub.PubSubBroker} that sends and delivers events in order per key; the host keeps the
 * delivery contract (retries, dead letters, idempotency) on top of it.
 */
package dev.bindery.spi.pubsub;
