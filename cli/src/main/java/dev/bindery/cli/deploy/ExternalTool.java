package dev.bindery.cli.deploy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.bindery.cli.CliException;
import dev.bindery.cli.ExitCodes;

/** Runs a deployment tool ({@code kubectl}, {@code sam}) found on the PATH, its output copied to the command's. */
final class ExternalTool {

    private ExternalTool() {
    }

    /** @return the tool's executable on the PATH */
    static Optional<Path> find(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir).resolve(name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Runs the command (its first word a tool name); fails with the tool's exit code named. */
    static void run(List<String> command, Path directory, PrintWriter out, String whenMissing) {
        Path tool = find(command.get(0)).orElseThrow(() -> new CliException(ExitCodes.ERROR,
                command.get(0) + " is not on the PATH: " + whenMissing));
        List<String> resolved = new java.util.ArrayList<>(command);
        resolved.set(0, tool.toString());
        try {
            Process process = new ProcessBuilder(resolved).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.INHERIT).start();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    out.println(line);
                    out.flush();
                }
            }
            int exit = process.waitFor();
            if (exit != 0) {
                throw new CliException(ExitCodes.ERROR, String.join(" ", command) + " failed (exit code " + exit + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.ERROR, "interrupted while running " + command.get(0));
        }
    }
}
