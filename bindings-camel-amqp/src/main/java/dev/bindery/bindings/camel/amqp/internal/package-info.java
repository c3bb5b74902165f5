/**
 * The {@code amqp} binding kind: AMQP 1.0 queues (ActiveMQ Artemis, Azure Service Bus, Qpid…) through Qpid JMS, on
 * Camel's amqp component.
 */
package dev.bindery.bindings.camel.amqp.internal;
