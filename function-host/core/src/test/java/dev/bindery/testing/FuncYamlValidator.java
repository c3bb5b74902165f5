package dev.bindery.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Checks a {@code func.yaml} against the JSON schema of Knative Functions ({@code /knative-func/}, see the README
 * there), which refuses unknown fields. The YAML is read as YAML, so a number where a string belongs is reported.
 */
public final class FuncYamlValidator {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private final Schema schema;

    private FuncYamlValidator(Schema schema) {
        this.schema = schema;
    }

    /** A validator for the committed func.yaml schema. */
    public static FuncYamlValidator knativeFunctions() {
        try (InputStream in = FuncYamlValidator.class.getResourceAsStream("/knative-func/func_yaml-schema.json")) {
            JsonNode schema = new ObjectMapper().readTree(in);
            return new FuncYamlValidator(SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(
                    schema));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What is wrong with the func.yaml, one line per violation naming the field. */
    public List<String> violations(Path file) {
        try {
            List<String> violations = new ArrayList<>();
            for (Error error : schema.validate(YAML.readTree(Files.readString(file)))) {
                violations.add(error.getInstanceLocation() + " " + error.getMessage());
            }
            return violations;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
