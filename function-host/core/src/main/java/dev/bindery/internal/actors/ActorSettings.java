package dev.bindery.internal.actors;

import java.time.Duration;
import java.util.Objects;

/**
 * The actor runtime's settings (the host reads them from {@code bindery.actors.*}).
 *
 * @param appId the application, the first part of every actor key
 * @param advertisedUrl this member's base URL, where other members forward calls; null when not clustered
 * @param scanInterval how often idle actors are looked for and the reminders owned here re-read
 * @param drainTimeout how long an actor that moved may finish its queued calls before it deactivates, and how long a
 *        new owner waits for the old one to let go
 * @param maxStateSize the most bytes one state value may take
 */
public record ActorSettings(String appId, String advertisedUrl, Duration scanInterval, Duration drainTimeout,
        int maxStateSize) {

    public ActorSettings {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(scanInterval, "scanInterval");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
    }
}
