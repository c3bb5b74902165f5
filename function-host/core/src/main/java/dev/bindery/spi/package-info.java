/**
 * The service-provider interface between transports and the function host. Every transport (HTTP, Kafka, Camel,
 * Lambda) turns its message into an {@link io.cloudevents.CloudEvent}, calls the {@link dev.bindery.spi.Dispatcher},
 * and maps the {@link dev.bindery.spi.Reply} or the typed {@link dev.bindery.spi.DispatchException} to its own
 * protocol (HTTP status, commit or dead-letter, batch item failures).
 */
package dev.bindery.spi;
