/**
 * Security as functions see it: the verified {@link dev.bindery.security.Caller} of an event. Authentication and
 * access control are a stage of the pipeline, configured under {@code bindery.security.*} and {@code bindery.access.*}.
 */
package dev.bindery.security;
