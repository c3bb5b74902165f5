package dev.bindery.examples.jackson;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.funqy.Funq;

import dev.bindery.binding.Bindings;
import dev.bindery.pubsub.OnTopic;
import dev.bindery.pubsub.PublishRequest;
import dev.bindery.pubsub.Publisher;
import dev.bindery.state.StateStore;

/**
 * Functions that hand one value to every building block — the reply, state, a publish and an output binding — so
 * {@link JacksonCustomizerTest} can see each of them written by the application's one (customized) mapper.
 */
public class SnakeCaseFunctions {

    /** The topic's events as the subscriber received them. */
    static final List<JsonNode> HEARD = new CopyOnWriteArrayList<>();

    /** A value whose property names show the naming strategy. */
    public record Stamp(String stampId, String writtenBy) {
    }

    @Inject
    StateStore state;
    @Inject
    Publisher publisher;
    @Inject
    Bindings bindings;

    @Funq("snake-stamp")
    public Stamp stamp(Stamp stamp) {
        state.save("snake/" + stamp.stampId(), stamp);
        publisher.publish(PublishRequest.to("snakes").data(stamp).build());
        bindings.invoke("reports", "create", stamp, Map.of("key", "snake-" + stamp.stampId() + ".json"));
        return stamp;
    }

    @Funq("snake-heard")
    @OnTopic(topic = "snakes")
    public void heard(JsonNode data) {
        HEARD.add(data);
    }
}
