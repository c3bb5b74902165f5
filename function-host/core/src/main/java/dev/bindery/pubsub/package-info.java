/**
 * Publish and subscribe with Dapr's delivery guarantees: events travel as CloudEvents, at least once, in order per
 * ordering key; a subscriber's failure is retried with backoff and then sent to the dead-letter topic, never dropped.
 * Inject a {@link dev.bindery.pubsub.Publisher} (named with {@link dev.bindery.pubsub.PubSub} or the default one) and
 * subscribe a {@code @Funq} method with {@link dev.bindery.pubsub.OnTopic}.
 */
package dev.bindery.pubsub;
