package dev.bindery.function;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.Set;

import io.cloudevents.CloudEvent;

import dev.bindery.security.Caller;

/**
 * The event a function is handling, and the attributes of its reply. Declare a parameter of this type on a
 * {@code @Funq} method to receive it; it is created per event and must not be kept after the function returns.
 * <p>
 * Not thread-safe: use it from the thread that runs the function (or the one completing its asynchronous result).
 */
public interface EventContext {

    /** @return the name of the function handling the event */
    String function();

    /** @return the event's {@code id}, never null */
    String id();

    /** @return the event's {@code type}, never null */
    String type();

    /** @return the event's {@code source}, never null */
    URI source();

    /** @return the event's {@code subject}, if present */
    Optional<String> subject();

    /** @return the event's {@code time}, if present */
    Optional<OffsetDateTime> time();

    /** @return the event's {@code datacontenttype}, if present (absent means JSON) */
    Optional<String> dataContentType();

    /**
     * @param name an extension attribute name, such as {@code traceparent} or {@code knativearrivaltime}
     * @return the extension's value as a string, if present
     */
    Optional<String> extension(String name);

    /** @return the names of the event's extension attributes */
    Set<String> extensionNames();

    /** @return the whole inbound event */
    CloudEvent event();

    /**
     * @return who sent the event, as the security stage verified it; empty when security is off (the event's own
     *         {@code authtype}/{@code authid} extensions are removed on arrival, so this is never what a sender claims)
     */
    default Optional<Caller> caller() {
        CloudEvent event = event();
        return Caller.fromAuthContext(event.getExtension(Caller.AUTH_TYPE), event.getExtension(Caller.AUTH_ID));
    }

    /**
     * Sets the reply event's {@code type} for this event, overriding {@link ReplyWith} and configuration.
     *
     * @param type a non-empty event type
     */
    void setReplyType(String type);

    /**
     * Sets the reply event's {@code source} for this event.
     *
     * @param source a URI reference
     */
    void setReplySource(URI source);

    /**
     * Sets the reply event's {@code subject} for this event.
     *
     * @param subject the subject, or null for none
     */
    void setReplySubject(String subject);

    /**
     * Adds an extension attribute to the reply event.
     *
     * @param name a CloudEvents extension name (lower-case letters and digits)
     * @param value its value
     */
    void setReplyExtension(String name, String value);
}
