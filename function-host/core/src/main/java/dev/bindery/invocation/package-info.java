/**
 * Service invocation: a function calls a function of another application (or of its own) by app id, as a CloudEvent
 * sent to the callee's HTTP ingress, under the resiliency policies configured for the callee.
 */
package dev.bindery.invocation;
