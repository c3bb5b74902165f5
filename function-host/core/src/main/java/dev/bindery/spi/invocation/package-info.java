/** What plugs into service invocation: the caller's credentials. */
package dev.bindery.spi.invocation;
