package dev.bindery.cli.project;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes a new Bindery application from the templates under {@code layers/} beside this class: the {@code base}
 * layer, then one layer per chosen {@link Block}. A layer is a directory that may hold
 * <ul>
 * <li>{@code files}: an index of whole files, one {@code <template> <target path>} per line; a later layer's file
 * replaces an earlier one's at the same target (the Lambda block replaces the HTTP test);</li>
 * <li>fragments, which the files take through placeholders: {@code dependencies.xml} ({@code @dependencies@}),
 * {@code application.properties} ({@code @properties@}) and {@code README.section.md} ({@code @blockSections@}), each the
 * layers' fragments one after the other, and {@code run.md} ({@code @run@}), the last layer's.</li>
 * </ul>
 * Every template is rendered by {@link Template} with the project's values ({@code @name@}, {@code @groupId@},
 * {@code @package@}, {@code @packagePath@}, {@code @blocks@} and the versions this CLI was built with).
 */
public final class ProjectGenerator {

    private static final String LAYERS = "layers/";
    private static final String BASE = "base";
    /** The fragments every layer adds to, with what goes between two layers' parts; the others: the last layer's. */
    private static final Map<String, String> CONCATENATED = Map.of("dependencies.xml", "", "application.properties",
            "\n", "README.section.md", "\n");
    private static final Map<String, String> FRAGMENT_PLACEHOLDERS = Map.of("dependencies.xml", "dependencies",
            "application.properties", "properties", "README.section.md", "blockSections", "run.md", "run");

    /** The project written: its directory and its files, relative to it. */
    public record GeneratedProject(Path directory, List<String> files) {
    }

    /**
     * Writes the project. It appears whole or not at all: the files are written into a temporary directory beside the
     * target, which is then renamed.
     *
     * @throws InvalidProjectException when the directory exists already
     * @throws UncheckedIOException when a file cannot be written
     */
    public GeneratedProject generate(ProjectSpec spec) {
        Path target = spec.directory().toAbsolutePath().normalize();
        if (Files.exists(target)) {
            throw new InvalidProjectException("The directory " + spec.directory() + " exists already: bindery new never "
                    + "writes into an existing directory. Choose another name or --dir, or remove it.");
        }
        List<String> layers = new ArrayList<>();
        layers.add(BASE);
        spec.blocks().forEach(block -> layers.add(block.id()));

        Map<String, String> values = values(spec);
        for (String fragment : FRAGMENT_PLACEHOLDERS.keySet()) {
            values.put(FRAGMENT_PLACEHOLDERS.get(fragment), fragment(layers, fragment, values));
        }
        Map<String, String> files = new LinkedHashMap<>();
        for (String layer : layers) {
            Template.resource(LAYERS + layer + "/files").ifPresent(index -> index.render(values).lines()
                    .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .forEach(line -> {
                        String[] templateAndTarget = line.split("\\s+");
                        files.put(templateAndTarget[1], LAYERS + layer + "/" + templateAndTarget[0]);
                    }));
        }
        try {
            Files.createDirectories(target.getParent());
            Path staging = Files.createTempDirectory(target.getParent(), "." + spec.name() + "-");
            try {
                for (Map.Entry<String, String> file : files.entrySet()) {
                    Path path = staging.resolve(file.getKey());
                    Files.createDirectories(path.getParent());
                    Files.writeString(path, required(file.getValue()).render(values));
                }
                Files.move(staging, target);
            } catch (FileAlreadyExistsException raced) {
                throw new InvalidProjectException("The directory " + spec.directory() + " appeared while the project "
                        + "was being written: nothing was written into it.");
            } finally {
                deleteIfPresent(staging);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the project to " + target + ": " + e.getMessage(), e);
        }
        return new GeneratedProject(target, files.keySet().stream().sorted().toList());
    }

    private static Map<String, String> values(ProjectSpec spec) {
        Properties versions = new Properties();
        try (InputStream in = ProjectGenerator.class.getResourceAsStream("versions.properties")) {
            versions.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("The bindery CLI's jar lacks its versions.properties", e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        versions.stringPropertyNames().forEach(key -> values.put(key, versions.getProperty(key)));
        values.put("name", spec.name());
        values.put("groupId", spec.groupId());
        values.put("package", spec.javaPackage());
        values.put("packagePath", spec.javaPackage().replace('.', '/'));
        values.put("blocks", spec.blocks().isEmpty()
                ? "none"
                : spec.blocks().stream().map(Block::id).collect(Collectors.joining(",")));
        return values;
    }

    private static String fragment(List<String> layers, String fragment, Map<String, String> values) {
        List<String> rendered = layers.stream().map(layer -> Template.resource(LAYERS + layer + "/" + fragment))
                .flatMap(Optional::stream).map(template -> template.render(values)).toList();
        if (rendered.isEmpty()) {
            return "";
        }
        return CONCATENATED.containsKey(fragment)
                ? String.join(CONCATENATED.get(fragment), rendered)
                : rendered.get(rendered.size() - 1);
    }

    private static Template required(String resource) {
        return Template.resource(resource).orElseThrow(() -> new IllegalStateException(
                "The bindery CLI's jar lacks the template " + resource + " that its index names"));
    }

    private static void deleteIfPresent(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
