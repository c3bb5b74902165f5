package dev.bindery.cli.admin;

import picocli.CommandLine.Command;

/** {@code bindery subscriptions}: the app's topic subscriptions with their status and lag. */
@Command(name = "subscriptions", description = "Lists the app's topic subscriptions with their status and lag (GET /q/bindery/subscriptions).", footer = {
        "", "Examples:", "  bindery subscriptions", "  bindery subscriptions -o json"})
public final class SubscriptionsCommand extends ListCommand {

    public SubscriptionsCommand() {
        super("subscriptions");
    }
}
