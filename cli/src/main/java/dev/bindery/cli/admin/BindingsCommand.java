package dev.bindery.cli.admin;

import picocli.CommandLine.Command;

/** {@code bindery bindings}: the app's input and output bindings with their status. */
@Command(name = "bindings", description = "Lists the app's bindings with their status (GET /q/bindery/bindings).", footer = {
        "", "Examples:", "  bindery bindings", "  bindery bindings --app http://localhost:8081 -o json"})
public final class BindingsCommand extends ListCommand {

    public BindingsCommand() {
        super("bindings");
    }
}
