package dev.bindery.cli.admin;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bindery.cli.AppOptions;
import dev.bindery.cli.CliException;
import dev.bindery.cli.ExitCodes;
import dev.bindery.cli.Json;
import dev.bindery.cli.output.OutputFormat;
import dev.bindery.cli.output.OutputOptions;
import dev.bindery.cli.output.Table;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bindery events}: the app's recent events. */
@Command(name = "events", description = "The app's recent events (time, transport, type, function, outcome, duration, trace id).", subcommands = EventsCommand.Tail.class, footer = {
        "", "Examples:", "  bindery events tail", "  bindery events tail --follow"})
public final class EventsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "tail", sortOptions = false, description = {
            "Prints the app's recent events (GET /q/bindery/events?limit=N); with --follow, then each new event as it "
                    + "happens (GET /q/bindery/events/stream, server-sent events) until Ctrl-C."}, footer = {"", "Examples:",
                            "  bindery events tail --limit 50", "  bindery events tail --follow -o json",
                            "  bindery events tail --follow --count 10   # stop after ten new events"})
    static final class Tail implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = {"-n",
                "--limit"}, paramLabel = "N", defaultValue = "20", description = "How many recent events, newest first (default: ${DEFAULT-VALUE}; with --follow, 0 prints only new ones).")
        int limit;

        @Option(names = "--follow", description = "Keep printing new events as they happen.")
        boolean follow;

        @Option(names = "--count", paramLabel = "N", description = "With --follow: stop after N new events.")
        Integer count;

        @Mixin
        AppOptions app;

        @Mixin
        OutputOptions output;

        @Override
        public Integer call() {
            if (limit < 0 || limit == 0 && !follow) {
                throw new CliException(ExitCodes.USAGE, "--limit must be 1 or more (0 only with --follow), not "
                        + limit);
            }
            AdminApi api = new AdminApi(app.client());
            PrintWriter out = spec.commandLine().getOut();
            if (!follow || limit > 0) {
                output.print(api.get(api.client().uri(limit, "limit", "q", "bindery", "events")), out);
            }
            if (follow) {
                follow(api, out);
            }
            return ExitCodes.SUCCESS;
        }

        private void follow(AdminApi api, PrintWriter out) {
            HttpResponse<Stream<String>> response = api.client().send(api.client()
                    .request(api.uri("events", "stream")).header("Accept", "text/event-stream").GET().build(),
                    HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new CliException(ExitCodes.forStatus(response.statusCode()), "GET " + response.uri()
                        + " answered " + response.statusCode());
            }
            try (Stream<String> lines = response.body()) {
                ServerSentEvents events = new ServerSentEvents(lines.iterator());
                List<String> columns = null;
                int seen = 0;
                while ((count == null || seen < count) && events.hasNext()) {
                    JsonNode event = parse(events.next());
                    if (output.format() == OutputFormat.json) {
                        out.println(Json.compact(event));
                    } else {
                        if (columns == null) {
                            columns = Table.columns(Json.MAPPER.createArrayNode().add(event));
                            out.println(String.join("  ", columns));
                        }
                        out.println(String.join("  ", Table.row(event, columns)));
                    }
                    out.flush();
                    seen++;
                }
            }
        }

        private static JsonNode parse(String data) {
            try {
                return Json.MAPPER.readTree(data);
            } catch (IOException e) {
                throw new CliException(ExitCodes.ERROR, "the event stream sent what is not JSON: " + data);
            }
        }
    }

    /**
     * The {@code data} of each server-sent event in a stream of lines (the text/event-stream format: {@code data:}
     * lines joined by newlines, an event ends at a blank line, comments and other fields ignored).
     */
    static final class ServerSentEvents implements Iterator<String> {

        private final Iterator<String> lines;
        private String next;

        ServerSentEvents(Iterator<String> lines) {
            this.lines = lines;
        }

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            StringBuilder data = null;
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.isEmpty()) {
                    if (data != null) {
                        next = data.toString();
                        return true;
                    }
                } else if (line.startsWith("data:")) {
                    String value = line.substring(5);
                    value = value.startsWith(" ") ? value.substring(1) : value;
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                }
            }
            if (data != null) {
                next = data.toString();
                return true;
            }
            return false;
        }

        @Override
        public String next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            String value = next;
            next = null;
            return value;
        }
    }
}
