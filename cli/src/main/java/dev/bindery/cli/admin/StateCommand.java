package dev.bindery.cli.admin;

import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bindery.cli.AppOptions;
import dev.bindery.cli.Data;
import dev.bindery.cli.ExitCodes;
import dev.bindery.cli.http.Answers;
import dev.bindery.cli.output.OutputOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bindery state}: reads and writes the running app's state stores. */
@Command(name = "state", description = "Reads and writes the running app's state stores (/q/bindery/state, /q/bindery/stores).", subcommands = {
        StateCommand.Stores.class, StateCommand.Get.class, StateCommand.Set.class,
        StateCommand.Delete.class}, footer = {"", "Examples:", "  bindery state stores",
                "  bindery state get orders o-1", "  bindery state set default greeting --data '{\"text\":\"hi\"}'",
                "  bindery state delete default greeting"})
public final class StateCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Shared by the subcommands. */
    abstract static class KeyCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "STORE", description = "The state store's name.")
        String store;

        @Parameters(index = "1", paramLabel = "KEY", description = "The key.")
        String key;

        @Mixin
        AppOptions app;

        @Mixin
        OutputOptions output;

        AdminApi api() {
            return new AdminApi(app.client());
        }

        void print(JsonNode answer, String whenEmpty) {
            PrintWriter out = spec.commandLine().getOut();
            if (answer == null) {
                out.println(whenEmpty);
                out.flush();
            } else {
                output.print(answer, out);
            }
        }
    }

    @Command(name = "stores", description = "Lists the app's state stores (GET /q/bindery/stores).", footer = {"",
            "Examples:", "  bindery state stores", "  bindery state stores -o json"})
    static final class Stores extends ListCommand {
        Stores() {
            super("stores");
        }
    }

    @Command(name = "get", description = "Prints a key's value (GET /q/bindery/state/<store>/<key>), and its ETag on standard error; exit code 4 when there is none.", footer = {
            "", "Examples:", "  bindery state get default audit", "  bindery state get orders o-1 -o json --app orders"})
    static final class Get extends KeyCommand {
        @Override
        public Integer call() {
            AdminApi api = api();
            HttpResponse<byte[]> response = api.client().send(api.client().request(api.uri("state", store, key))
                    .header("Accept", "application/json").GET().build());
            print(Answers.json(response), "(empty)");
            response.headers().firstValue("ETag").ifPresent(etag -> {
                spec.commandLine().getErr().println("ETag: " + etag);
                spec.commandLine().getErr().flush();
            });
            return ExitCodes.SUCCESS;
        }
    }

    /** The ETag option of the writes: first-write-wins when given. */
    abstract static class WriteCommand extends KeyCommand {

        @Option(names = "--etag", paramLabel = "ETAG", description = "Write only if the key's ETag is still this one (If-Match); exit code 3 on a conflict.")
        String etag;

        HttpRequest.Builder request(AdminApi api) {
            HttpRequest.Builder request = api.client().request(api.uri("state", store, key));
            if (etag != null) {
                request.header("If-Match", etag);
            }
            return request;
        }

        String saved(HttpResponse<byte[]> response, String what) {
            Answers.successful(response);
            return what + " " + store + "/" + key + response.headers().firstValue("ETag").map(tag -> " (ETag " + tag
                    + ")").orElse("") + ".";
        }
    }

    @Command(name = "set", description = "Saves a key's value (PUT /q/bindery/state/<store>/<key>), last write wins.", footer = {
            "", "Examples:", "  bindery state set default greeting --data '{\"text\":\"hi\"}'",
            "  bindery state set orders o-1 --data @order.json"})
    static final class Set extends WriteCommand {

        @Option(names = {"-d",
                "--data"}, required = true, paramLabel = "JSON|@FILE", description = "The value: inline JSON, or @file.")
        String data;

        @Override
        public Integer call() {
            AdminApi api = api();
            HttpResponse<byte[]> response = api.client().send(request(api).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(Data.read(data, "application/json"))).build());
            print(null, saved(response, "Saved"));
            return ExitCodes.SUCCESS;
        }
    }

    @Command(name = "delete", description = "Deletes a key (DELETE /q/bindery/state/<store>/<key>).", footer = {"",
            "Examples:", "  bindery state delete default greeting"})
    static final class Delete extends WriteCommand {
        @Override
        public Integer call() {
            AdminApi api = api();
            print(null, saved(api.client().send(request(api).DELETE().build()), "Deleted"));
            return ExitCodes.SUCCESS;
        }
    }
}
