/**
 * Bindings connect functions to outside systems, as Dapr's bindings do: an input binding (cron, a queue, a bucket, any
 * Camel endpoint) triggers a {@code @Funq} method annotated with {@link dev.bindery.binding.OnBinding}; an output
 * binding is called through the injected {@link dev.bindery.binding.Bindings} client. A binding is a name in
 * configuration ({@code bindery.bindings.<name>.*}), so swapping its backend never changes code.
 */
package dev.bindery.binding;
