package dev.bindery.cli.admin;

import picocli.CommandLine.Command;

/** {@code bindery functions}: the app's functions with their routes and filters. */
@Command(name = "functions", description = "Lists the app's functions with their routes and filters (GET /q/bindery/functions).", footer = {
        "", "Examples:", "  bindery functions", "  bindery functions --app orders --output json"})
public final class FunctionsCommand extends ListCommand {

    public FunctionsCommand() {
        super("functions");
    }
}
