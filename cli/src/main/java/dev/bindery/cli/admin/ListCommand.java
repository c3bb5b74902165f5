package dev.bindery.cli.admin;

import java.util.concurrent.Callable;

import dev.bindery.cli.AppOptions;
import dev.bindery.cli.ExitCodes;
import dev.bindery.cli.output.OutputOptions;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that prints one admin listing ({@code GET /q/bindery/<resource>}). */
abstract class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AppOptions app;

    @Mixin
    OutputOptions output;

    private final String resource;

    ListCommand(String resource) {
        this.resource = resource;
    }

    @Override
    public Integer call() {
        output.print(new AdminApi(app.client()).get(resource), spec.commandLine().getOut());
        return ExitCodes.SUCCESS;
    }
}
