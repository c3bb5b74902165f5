/**
 * The SPI of bindings engines: a {@link dev.bindery.spi.binding.BindingsProvider} opens a
 * {@link dev.bindery.spi.binding.BindingsEngine} with what the {@link dev.bindery.spi.binding.BindingsHost} gives it
 * (configuration, the dispatcher, state, the application's JSON mapper).
 */
package dev.bindery.spi.binding;
