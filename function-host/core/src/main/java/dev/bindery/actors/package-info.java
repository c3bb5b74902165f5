/**
 * Virtual actors: user API.
 * <p>
 * {@link dev.bindery.actors.Schedule} says when an actor timer or reminder fires: first after a delay or at a point in
 * time, then every period, at most a number of times, until an end. It reads Dapr's {@code dueTime}, {@code period} and
 * {@code ttl} texts ({@link dev.bindery.actors.Schedule#parse}) and echoes them back as given; a bad text is an
 * {@link dev.bindery.actors.InvalidScheduleException} naming the field. Every type here is immutable and safe to share
 * between threads.
 */
package dev.bindery.actors;
