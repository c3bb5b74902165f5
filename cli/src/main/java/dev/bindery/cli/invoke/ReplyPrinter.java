package dev.bindery.cli.invoke;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.rw.CloudEventRWException;

import dev.bindery.cli.CliException;
import dev.bindery.cli.Data;
import dev.bindery.cli.ExitCodes;
import dev.bindery.cli.Json;
import dev.bindery.cli.output.OutputFormat;

/**
 * Prints a reply event: read with the CloudEvents SDK's HTTP binding (binary or structured, as the app answered)
 * and written back in binary mode as {@code ce-} headers, a blank line and the data; or, for {@code --output json},
 * as a structured event. An answer that is not a CloudEvent (a plain JSON endpoint) is printed as it came.
 */
final class ReplyPrinter {

    private ReplyPrinter() {
    }

    static String print(HttpResponse<byte[]> response, OutputFormat format) {
        CloudEvent event;
        try {
            event = read(response);
        } catch (CloudEventRWException notAnEvent) {
            return Data.text(response.body()) + "\n";
        }
        return format == OutputFormat.json ? json(event) : binary(event);
    }

    static CloudEvent read(HttpResponse<byte[]> response) {
        Map<String, String> headers = new TreeMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",",
                values)));
        MessageReader reader = HttpMessageFactory.createReader(headers, response.body());
        return reader.toEvent();
    }

    static String binary(CloudEvent event) {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        HttpMessageFactory.createWriter((name, value) -> lines.add(name.toLowerCase(Locale.ROOT) + ": " + value),
                data::writeBytes).writeBinary(event);
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append('\n'));
        text.append('\n');
        if (data.size() > 0) {
            text.append(Data.text(data.toByteArray())).append('\n');
        }
        return text.toString();
    }

    static String json(CloudEvent event) {
        try {
            return Json.pretty(Json.MAPPER.readTree(new JsonFormat().serialize(event))) + "\n";
        } catch (IOException e) {
            throw new CliException(ExitCodes.ERROR, "cannot print the reply as JSON: " + e.getMessage());
        }
    }
}
