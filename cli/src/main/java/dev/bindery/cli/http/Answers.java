package dev.bindery.cli.http;

import java.io.IOException;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bindery.cli.CliException;
import dev.bindery.cli.Data;
import dev.bindery.cli.ExitCodes;
import dev.bindery.cli.Json;

/**
 * What an app's answer means to the command: a 2xx is returned; anything else ends the command with the exit code
 * of {@link ExitCodes#forStatus(int)} and a message naming the outcome, the status and the problem's detail (the
 * host answers {@code application/problem+json}), followed by the problem itself.
 */
public final class Answers {

    private Answers() {
    }

    /** @return the response, when it is 2xx */
    public static HttpResponse<byte[]> successful(HttpResponse<byte[]> response) {
        if (response.statusCode() >= 200 && response.statusCode() < 300) {
            return response;
        }
        int code = ExitCodes.forStatus(response.statusCode());
        String body = Data.text(response.body()).strip();
        JsonNode problem = problem(body);
        StringBuilder message = new StringBuilder(outcome(code)).append(": ").append(response.statusCode());
        if (problem != null) {
            message.append(' ').append(problem.path("title").asText(""));
            if (problem.hasNonNull("detail")) {
                message.append(": ").append(problem.get("detail").asText());
            }
            message.append('\n').append(Json.pretty(problem));
        } else if (!body.isEmpty()) {
            message.append('\n').append(body);
        }
        throw new CliException(code, message.toString().replace(": \n", "\n"));
    }

    /** @return the JSON of a 2xx answer (null for an empty body) */
    public static JsonNode json(HttpResponse<byte[]> response) {
        byte[] body = successful(response).body();
        if (body.length == 0) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new CliException(ExitCodes.ERROR, response.request().method() + " " + response.uri()
                    + " answered what is not JSON: " + Data.text(body));
        }
    }

    /** @return the word for an exit code's outcome */
    public static String outcome(int exitCode) {
        return switch (exitCode) {
            case ExitCodes.REJECTED -> "rejected";
            case ExitCodes.NOT_FOUND -> "not found";
            case ExitCodes.FAILED -> "failed";
            case ExitCodes.UNREACHABLE -> "unavailable";
            default -> "error";
        };
    }

    private static JsonNode problem(String body) {
        if (!body.startsWith("{")) {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            return node.isObject() && node.has("status") ? node : null;
        } catch (IOException notJson) {
            return null;
        }
    }
}
