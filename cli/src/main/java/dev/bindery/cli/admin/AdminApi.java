package dev.bindery.cli.admin;

import java.net.URI;
import java.net.http.HttpRequest;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bindery.cli.http.Answers;
import dev.bindery.cli.http.AppClient;

/**
 * The host's admin endpoints under {@code /q/bindery/}: the functions, bindings, subscriptions and state stores an
 * app has, its recent events, and the development actions (publish, state). Off in production unless enabled, and
 * then behind the host's authentication ({@code --token}).
 */
final class AdminApi {

    static final String[] ROOT = {"q", "bindery"};

    private final AppClient client;

    AdminApi(AppClient client) {
        this.client = client;
    }

    AppClient client() {
        return client;
    }

    URI uri(String... segments) {
        String[] all = new String[ROOT.length + segments.length];
        System.arraycopy(ROOT, 0, all, 0, ROOT.length);
        System.arraycopy(segments, 0, all, ROOT.length, segments.length);
        return client.uri(all);
    }

    /** @return the JSON of {@code GET /q/bindery/<segments>} */
    JsonNode get(String... segments) {
        return get(uri(segments));
    }

    JsonNode get(URI uri) {
        return Answers.json(client.send(client.request(uri).header("Accept", "application/json").GET().build()));
    }

    /** @return the JSON answer (null when empty) of a request with a body */
    JsonNode send(HttpRequest request) {
        return Answers.json(client.send(request));
    }
}
