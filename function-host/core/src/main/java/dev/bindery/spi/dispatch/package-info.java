/**
 * The SPI every transport uses: turn a message into an {@link io.cloudevents.CloudEvent}, hand it to the
 * {@link dev.bindery.spi.dispatch.Dispatcher} in a {@link dev.bindery.spi.dispatch.DispatchRequest}, and map the sealed
 * {@link dev.bindery.spi.dispatch.Outcome} to the protocol in one place (HTTP status, acknowledge / retry / dead letter,
 * batch item failures). {@link dev.bindery.spi.dispatch.Stage}s are how a cross-cutting concern reaches every transport.
 */
package dev.bindery.spi.dispatch;
