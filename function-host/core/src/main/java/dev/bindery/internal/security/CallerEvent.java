package dev.bindery.internal.security;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.Set;

import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.SpecVersion;

import dev.bindery.security.Caller;

/**
 * An event seen with its verified caller's Auth Context extensions, without copying it: every attribute and the data
 * are the original's, {@code authtype} and {@code authid} are the caller's. Only made for events that arrived without
 * identity extensions of their own (those are copied without them first). Immutable.
 */
final class CallerEvent implements CloudEvent {

    private final CloudEvent event;
    private final String authType;
    private final String authId;

    CallerEvent(CloudEvent event, Caller caller) {
        this.event = event;
        this.authType = caller.kind().authType();
        this.authId = caller.authId();
    }

    @Override
    public CloudEventData getData() {
        return event.getData();
    }

    @Override
    public SpecVersion getSpecVersion() {
        return event.getSpecVersion();
    }

    @Override
    public String getId() {
        return event.getId();
    }

    @Override
    public String getType() {
        return event.getType();
    }

    @Override
    public URI getSource() {
        return event.getSource();
    }

    @Override
    public String getDataContentType() {
        return event.getDataContentType();
    }

    @Override
    public URI getDataSchema() {
        return event.getDataSchema();
    }

    @Override
    public String getSubject() {
        return event.getSubject();
    }

    @Override
    public OffsetDateTime getTime() {
        return event.getTime();
    }

    @Override
    public Object getAttribute(String attributeName) {
        return event.getAttribute(attributeName);
    }

    @Override
    public Object getExtension(String extensionName) {
        if (Caller.AUTH_TYPE.equals(extensionName)) {
            return authType;
        }
        if (Caller.AUTH_ID.equals(extensionName)) {
            return authId;
        }
        return event.getExtension(extensionName);
    }

    @Override
    public Set<String> getExtensionNames() {
        Set<String> names = new LinkedHashSet<>(event.getExtensionNames());
        names.add(Caller.AUTH_TYPE);
        names.add(Caller.AUTH_ID);
        return names;
    }

    @Override
    public String toString() {
        return "CallerEvent[" + authId + ", " + event + "]";
    }
}
