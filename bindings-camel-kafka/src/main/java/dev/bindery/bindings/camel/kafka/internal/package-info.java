/** The {@code kafka} binding kind: a Kafka topic used as a queue, on Camel's kafka component. */
package dev.bindery.bindings.camel.kafka.internal;
