package dev.bindery.cli.admin;

import java.net.http.HttpRequest;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bindery.cli.AppOptions;
import dev.bindery.cli.Data;
import dev.bindery.cli.ExitCodes;
import dev.bindery.cli.output.OutputOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bindery publish}: publishes an event through the running app's pub/sub. */
@Command(name = "publish", sortOptions = false, description = "Publishes an event to a topic through the running app (POST /q/bindery/publish/<pubsub>/<topic>).", footer = {
        "", "Examples:", "  bindery publish --topic orders --data '{\"id\":\"o-1\",\"item\":\"kettle\",\"quantity\":1}'",
        "  bindery publish --topic orders --pubsub kafka --type com.example.order.placed --data @order.json"})
public final class PublishCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-t", "--topic"}, required = true, paramLabel = "TOPIC", description = "The topic.")
    String topic;

    @Option(names = "--pubsub", paramLabel = "NAME", defaultValue = "default", description = "The pub/sub component (default: ${DEFAULT-VALUE}).")
    String pubsub;

    @Option(names = {"-d",
            "--data"}, paramLabel = "JSON|@FILE", defaultValue = "{}", description = "The event's data: inline, or @file (default: ${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--content-type", paramLabel = "TYPE", defaultValue = "application/json", description = "The data's content type (default: ${DEFAULT-VALUE}).")
    String contentType;

    @Option(names = "--type", paramLabel = "TYPE", description = "The event's type (default: the host's).")
    String type;

    @Mixin
    AppOptions app;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        AdminApi api = new AdminApi(app.client());
        HttpRequest.Builder request = api.client().request(api.uri("publish", pubsub, topic))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Data.read(data, contentType)));
        if (type != null) {
            request.header("ce-type", type);
        }
        JsonNode answer = api.send(request.build());
        if (answer == null) {
            spec.commandLine().getOut().println("Published to " + pubsub + "/" + topic + ".");
            spec.commandLine().getOut().flush();
        } else {
            output.print(answer, spec.commandLine().getOut());
        }
        return ExitCodes.SUCCESS;
    }
}
