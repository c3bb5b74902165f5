package dev.bindery.cli.invoke;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.http.impl.HttpMessageWriter;
import io.cloudevents.jackson.JsonFormat;

import dev.bindery.cli.AppOptions;
import dev.bindery.cli.CliException;
import dev.bindery.cli.Data;
import dev.bindery.cli.ExitCodes;
import dev.bindery.cli.http.Answers;
import dev.bindery.cli.http.AppClient;
import dev.bindery.cli.output.OutputFormat;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bindery invoke}: sends one CloudEvent to an app's HTTP ingress and prints the reply event or the problem. */
@Command(name = "invoke", sortOptions = false, description = {
        "Sends a CloudEvent to a running app and prints the reply event (its ce- headers and data) or the problem.",
        "A function name (a Java identifier, e.g. greet) sends the event to POST /<function>, whatever the function's "
                + "filters, with type = the name unless --type is given. Anything else (e.g. com.example.order.placed) "
                + "is the event's type, sent to POST / and routed by the app's filters."}, footer = {"",
                        "Exit codes: 0 replied or accepted, 1 bad input, 2 bad command line, 3 rejected (4xx), "
                                + "4 not found (404), 5 failed (5xx), 6 unreachable or unavailable (connection refused, "
                                + "timeout, 429, 502-504).",
                        "", "Examples:",
                        "  bindery invoke greet --data '{\"name\":\"Ada\"}'",
                        "  bindery invoke com.example.order.placed --data @order.json --app orders",
                        "  bindery invoke placeOrder --type com.example.order.placed --data @order.json --structured",
                        "  bindery invoke greet --data '{\"name\":\"Ada\"}' -H traceparent=00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"})
public final class InvokeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FUNCTION|TYPE", description = "A function's name, or an event type to route.")
    String target;

    @Option(names = {"-d",
            "--data"}, paramLabel = "JSON|@FILE", description = "The event's data: inline, or @file for a file's content.")
    String data;

    @Option(names = "--content-type", paramLabel = "TYPE", defaultValue = "application/json", description = "The data's content type (default: ${DEFAULT-VALUE}).")
    String contentType;

    @Option(names = "--type", paramLabel = "TYPE", description = "The event's type (default: the function's name); only with a function name.")
    String type;

    @Option(names = "--source", paramLabel = "URI-REF", defaultValue = "/bindery-cli", description = "The event's source (default: ${DEFAULT-VALUE}).")
    String source;

    @Option(names = "--subject", paramLabel = "SUBJECT", description = "The event's subject.")
    String subject;

    @Option(names = "--id", paramLabel = "ID", description = "The event's id (default: a new UUID).")
    String id;

    @Option(names = {"-H",
            "--header"}, paramLabel = "NAME=VALUE", description = "An HTTP header to add (repeatable), e.g. traceparent=….")
    Map<String, String> headers = new LinkedHashMap<>();

    @Option(names = "--structured", description = "Send the event in structured mode (application/cloudevents+json) instead of binary mode.")
    boolean structured;

    @Option(names = {"-o",
            "--output"}, paramLabel = "FORMAT", defaultValue = "table", description = "table: the reply's ce- headers and data; json: the reply as a structured CloudEvent (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Mixin
    AppOptions app;

    @Override
    public Integer call() {
        boolean byName = isFunctionName(target);
        if (!byName && type != null) {
            throw new CliException(ExitCodes.USAGE, "--type is only for a function name; '" + target
                    + "' is already the event's type (sent to POST / and routed by the app's filters)");
        }
        CloudEvent event = event(byName ? (type != null ? type : target) : target);
        AppClient client = app.client();
        URI uri = byName ? client.uri(target) : client.uri();
        HttpRequest.Builder request = client.request(uri);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        HttpMessageWriter writer = HttpMessageFactory.createWriter(request::header, body::writeBytes);
        if (structured) {
            writer.writeStructured(event, JsonFormat.CONTENT_TYPE);
        } else {
            writer.writeBinary(event);
        }
        headers.forEach(request::header);
        HttpResponse<byte[]> response = client.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body
                .toByteArray())).build());
        Answers.successful(response);
        PrintWriter out = spec.commandLine().getOut();
        if (response.body().length == 0) {
            out.println(response.statusCode() == 202
                    ? "Accepted: the function returned no reply (202)."
                    : "Done: no reply (" + response.statusCode() + ").");
        } else {
            out.print(ReplyPrinter.print(response, format));
        }
        out.flush();
        return ExitCodes.SUCCESS;
    }

    private CloudEvent event(String eventType) {
        CloudEventBuilder builder = CloudEventBuilder.v1().withId(id != null ? id : UUID.randomUUID().toString())
                .withSource(URI.create(source)).withType(eventType);
        if (subject != null) {
            builder.withSubject(subject);
        }
        if (data != null) {
            builder.withData(contentType, Data.read(data, contentType));
        }
        return builder.build();
    }

    /** @return whether the target names a function (a Java identifier) rather than an event type */
    static boolean isFunctionName(String target) {
        if (target.isEmpty() || !Character.isJavaIdentifierStart(target.charAt(0))) {
            return false;
        }
        return target.chars().allMatch(Character::isJavaIdentifierPart);
    }
}
