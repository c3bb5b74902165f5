package dev.bindery.internal.routing;

import io.cloudevents.CloudEvent;

/** Reads any context or extension attribute of an event as a string, as Knative filters compare them. */
public final class EventAttributes {

    private EventAttributes() {
    }

    /** @return the attribute's value as a string, or null when the event does not have it */
    public static String get(CloudEvent event, String name) {
        switch (name) {
            case "type" :
                return event.getType();
            case "source" :
                return event.getSource().toString();
            case "id" :
                return event.getId();
            case "subject" :
                return event.getSubject();
            case "specversion" :
                return event.getSpecVersion().toString();
            case "datacontenttype" :
                return event.getDataContentType();
            case "dataschema" :
                return event.getDataSchema() == null ? null : event.getDataSchema().toString();
            case "time" :
                return event.getTime() == null ? null : event.getTime().toString();
            default :
                Object extension = event.getExtension(name);
                return extension == null ? null : extension.toString();
        }
    }
}
