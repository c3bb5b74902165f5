package dev.bindery.binding;

import java.time.Instant;

/**
 * The data of a cron binding's event ({@code dev.bindery.cron.tick}).
 *
 * @param binding the binding's name
 * @param scheduledFireTime when the schedule said to fire: the same in every replica
 * @param fireTime when it actually fired
 * @param nextFireTime when it fires next, or null when never
 */
public record CronTick(String binding, Instant scheduledFireTime, Instant fireTime, Instant nextFireTime) {
}
