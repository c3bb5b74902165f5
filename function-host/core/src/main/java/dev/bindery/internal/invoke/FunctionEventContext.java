package dev.bindery.internal.invoke;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.cloudevents.CloudEvent;

import dev.bindery.function.EventContext;

/** The {@link EventContext} of one invocation; keeps the reply overrides the function sets. */
final class FunctionEventContext implements EventContext {

    private final String function;
    private final CloudEvent event;
    private String replyType;
    private URI replySource;
    private String replySubject;
    private Map<String, String> replyExtensions;

    FunctionEventContext(String function, CloudEvent event) {
        this.function = function;
        this.event = event;
    }

    @Override
    public String function() {
        return function;
    }

    @Override
    public String id() {
        return event.getId();
    }

    @Override
    public String type() {
        return event.getType();
    }

    @Override
    public URI source() {
        return event.getSource();
    }

    @Override
    public Optional<String> subject() {
        return Optional.ofNullable(event.getSubject());
    }

    @Override
    public Optional<OffsetDateTime> time() {
        return Optional.ofNullable(event.getTime());
    }

    @Override
    public Optional<String> dataContentType() {
        return Optional.ofNullable(event.getDataContentType());
    }

    @Override
    public Optional<String> extension(String name) {
        Object value = event.getExtension(name);
        return value == null ? Optional.empty() : Optional.of(value.toString());
    }

    @Override
    public Set<String> extensionNames() {
        return event.getExtensionNames();
    }

    @Override
    public CloudEvent event() {
        return event;
    }

    @Override
    public void setReplyType(String type) {
        if (type == null || type.isEmpty()) {
            throw new IllegalArgumentException("The reply type must not be empty");
        }
        this.replyType = type;
    }

    @Override
    public void setReplySource(URI source) {
        this.replySource = Objects.requireNonNull(source, "source");
    }

    @Override
    public void setReplySubject(String subject) {
        this.replySubject = subject;
    }

    @Override
    public void setReplyExtension(String name, String value) {
        if (replyExtensions == null) {
            replyExtensions = new LinkedHashMap<>();
        }
        replyExtensions.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    }

    String replyType() {
        return replyType;
    }

    URI replySource() {
        return replySource;
    }

    String replySubject() {
        return replySubject;
    }

    Map<String, String> replyExtensions() {
        return replyExtensions == null ? Map.of() : replyExtensions;
    }
}
