/**
 * The binding kinds that come with the engine: cron (Quartz, or a timer for {@code @every}), file, http and any Camel
 * URI. Each is one class owning its options, endpoint URIs, message reader and output operations.
 */
package dev.bindery.bindings.camel.internal.kinds;
