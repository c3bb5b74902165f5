package dev.bindery.cli.apps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.bindery.cli.CliException;
import dev.bindery.cli.ExitCodes;

/**
 * A {@code bindery.yaml}: the applications {@code bindery run -f} starts together, and the app ids {@code --app}
 * accepts in the other commands. Read with Jackson's YAML format; an unknown field, a missing one, or a duplicate id
 * or port is an error naming it.
 *
 * <pre>
 * apps:
 *   - id: orders
 *     app: functions-examples
 *     port: 8081
 * </pre>
 */
public record AppsFile(Path location, List<AppSpec> apps) {

    /** The file's name where commands look for it by default, in the current directory. */
    public static final String DEFAULT_NAME = "bindery.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** The document as written. */
    record Document(@JsonProperty(required = true) List<AppSpec> apps) {
    }

    /** Reads and checks the file. */
    public static AppsFile read(Path file) {
        Document document;
        try {
            document = YAML.readValue(Files.readAllBytes(file), Document.class);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCodes.ERROR, file + ": no such file");
        } catch (UnrecognizedPropertyException e) {
            throw new CliException(ExitCodes.ERROR, file + ": unknown field '" + e.getPropertyName() + "' at "
                    + path(e) + " (known: " + e.getKnownPropertyIds().stream().map(Object::toString).sorted()
                            .collect(Collectors.joining(", "))
                    + ")");
        } catch (JsonMappingException e) {
            throw new CliException(ExitCodes.ERROR, file + ": " + e.getOriginalMessage() + " at " + path(e));
        } catch (IOException e) {
            throw new CliException(ExitCodes.ERROR, file + ": not valid YAML: " + e.getMessage());
        }
        if (document == null || document.apps() == null || document.apps().isEmpty()) {
            throw new CliException(ExitCodes.ERROR, file + ": no apps (expected 'apps:' with at least one entry)");
        }
        check(file, document.apps());
        return new AppsFile(file, List.copyOf(document.apps()));
    }

    /** @return the file in this directory, if there is one */
    public static Optional<AppsFile> readIfPresent(Path file) {
        return Files.isRegularFile(file) ? Optional.of(read(file)) : Optional.empty();
    }

    /** @return the app with this id */
    public Optional<AppSpec> app(String id) {
        return apps.stream().filter(app -> app.id().equals(id)).findFirst();
    }

    /** @return the directory relative paths in the file are relative to */
    public Path directory() {
        Path parent = location.toAbsolutePath().getParent();
        return parent == null ? Path.of("").toAbsolutePath() : parent;
    }

    private static void check(Path file, List<AppSpec> apps) {
        Set<String> ids = new HashSet<>();
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < apps.size(); i++) {
            AppSpec app = apps.get(i);
            String where = file + ": apps[" + i + "]";
            if (app.id().isBlank() || !app.id().matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw new CliException(ExitCodes.ERROR, where + ": id '" + app.id()
                        + "' is not an app id (letters, digits, '.', '_' and '-', starting with a letter or digit)");
            }
            if (!ids.add(app.id())) {
                throw new CliException(ExitCodes.ERROR, where + ": id '" + app.id() + "' is used twice");
            }
            if (app.port() < 1 || app.port() > 65535) {
                throw new CliException(ExitCodes.ERROR, where + ": port " + app.port() + " is not a TCP port");
            }
            if (!ports.add(app.port())) {
                throw new CliException(ExitCodes.ERROR, where + ": port " + app.port() + " is used twice");
            }
        }
    }

    private static String path(JsonMappingException e) {
        List<String> parts = new ArrayList<>();
        for (JsonMappingException.Reference reference : e.getPath()) {
            parts.add(reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]");
        }
        return String.join(".", parts).replace(".[", "[");
    }
}
