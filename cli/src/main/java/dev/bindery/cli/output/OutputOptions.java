package dev.bindery.cli.output;

import java.io.PrintWriter;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bindery.cli.Json;

import picocli.CommandLine.Option;

/** The {@code --output} option, and printing a JSON answer in the chosen format. */
public final class OutputOptions {

    @Option(names = {"-o",
            "--output"}, paramLabel = "FORMAT", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    /** @return the chosen format */
    public OutputFormat format() {
        return format;
    }

    /** Prints the value in the chosen format. */
    public void print(JsonNode value, PrintWriter out) {
        out.println(format == OutputFormat.json ? Json.pretty(value) : Table.render(value));
        out.flush();
    }
}
