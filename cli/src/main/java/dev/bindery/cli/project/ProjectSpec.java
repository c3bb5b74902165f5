package dev.bindery.cli.project;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import javax.lang.model.SourceVersion;

/**
 * What to generate: a project named {@code name} (its artifactId and directory name), in group {@code groupId} (also
 * the Java package of its function), with the given building blocks, into {@code directory}. The constructor
 * validates every field and throws {@link InvalidProjectException} naming what is wrong.
 *
 * @param name the artifactId: lower-case letters, digits and single hyphens, starting with a letter
 * @param groupId the Maven groupId, a lower-case Java package name such as {@code org.acme}
 * @param blocks the building blocks, in their declaration order
 * @param directory the directory to create; it must not exist
 */
public record ProjectSpec(String name, String groupId, Set<Block> blocks, Path directory) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final int MAX_NAME_LENGTH = 64;

    public ProjectSpec {
        checkName(name);
        checkGroupId(groupId);
        blocks = blocks.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(blocks));
        if (blocks.contains(Block.LAMBDA) && blocks.contains(Block.KNATIVE)) {
            throw new InvalidProjectException("The blocks lambda and knative are two deployment targets and exclude each "
                    + "other (a Lambda package serves no HTTP): choose one, or generate two projects.");
        }
        if (directory == null) {
            throw new InvalidProjectException("Give the directory to create the project in.");
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidProjectException("Give the project a name, e.g. 'bindery new orders'.");
        }
        if (name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
            throw new InvalidProjectException("The project name '" + name + "' is not valid: it becomes the Maven "
                    + "artifactId and the directory name, so use lower-case letters, digits and single hyphens, "
                    + "starting with a letter and at most " + MAX_NAME_LENGTH + " characters, e.g. '"
                    + suggestion(name) + "'.");
        }
    }

    private static void checkGroupId(String groupId) {
        if (groupId == null || groupId.isBlank()) {
            throw new InvalidProjectException("Give a group with --group, e.g. --group org.acme.");
        }
        if (!groupId.equals(groupId.toLowerCase(Locale.ROOT)) || !SourceVersion.isName(groupId)) {
            throw new InvalidProjectException("The group '" + groupId + "' is not valid: it becomes the Maven groupId "
                    + "and the Java package of the function, so use lower-case Java identifiers separated by dots "
                    + "(no Java keywords), e.g. 'org.acme'.");
        }
    }

    private static String suggestion(String name) {
        String suggested = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^[^a-z]+|-+$", "");
        return suggested.isEmpty() ? "my-functions" : suggested;
    }

    /** @return the Java package of the generated code: the group */
    public String javaPackage() {
        return groupId;
    }
}
