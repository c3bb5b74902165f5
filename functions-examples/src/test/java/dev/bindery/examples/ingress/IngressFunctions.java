package dev.bindery.examples.ingress;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.funqy.Funq;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;

import dev.bindery.binding.CronTick;
import dev.bindery.examples.Greeting;
import dev.bindery.examples.Message;
import dev.bindery.function.EventContext;
import dev.bindery.function.OnEvent;
import dev.bindery.state.StateStore;

/** Functions that exist only in the ingress tests, one per shape the HTTP contract covers. */
public class IngressFunctions {

    /** Returns nothing: 202. */
    @Funq
    @NonBlocking
    public void record(JsonNode entry) {
    }

    /** Sets every reply attribute it can. */
    @Funq
    public Message annotate(Greeting greeting, EventContext context) {
        context.setReplyType("com.example.annotated");
        context.setReplySource(java.net.URI.create("/annotator"));
        context.setReplySubject("subject-" + context.id());
        context.setReplyExtension("tenant", context.extension("tenant").orElse("none"));
        return new Message("arrived at " + context.extension("knativearrivaltime").orElse("unknown"));
    }

    @Funq
    public Uni<Message> later(Greeting greeting) {
        return Uni.createFrom().item(new Message("Later, " + greeting.getName() + "!"))
                .onItem().delayIt().by(Duration.ofMillis(20));
    }

    @Funq
    public CompletionStage<Message> eventually(Greeting greeting) {
        return CompletableFuture.supplyAsync(() -> new Message("Eventually, " + greeting.getName() + "!"));
    }

    @Funq
    @OnEvent(type = "com.example.tenant.event")
    public String anyTenant(String data) {
        return "any tenant";
    }

    @Funq
    @OnEvent(type = "com.example.tenant.event", where = "tenant=acme")
    public String acmeOnly(String data) {
        return "acme";
    }

    @Funq
    @OnEvent(where = {"type^=com.example.storage.", "subject$=.png"})
    public String pngUploaded(String name, EventContext context) {
        return "png " + context.subject().orElse("?");
    }

    @Funq
    public String text(String data) {
        return data;
    }

    @Inject
    StateStore state;

    /** Subscribed to topic {@code tallies} by configuration only (see application.properties, test profile). */
    @Funq
    public void tally(JsonNode entry) {
        state.save("tally/" + entry.get("id").asText(), entry);
    }

    /** Triggered by binding {@code heartbeats} by configuration only (see application.properties, test profile). */
    @Funq
    public void heartbeat(CronTick tick) {
        state.save("heartbeat/last", tick);
    }
}
