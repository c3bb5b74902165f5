package dev.bindery.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * AWS's published SAM template schema ({@code schemas/sam/sam.schema.json}, see the README next to it) and the
 * validation of a template against it.
 */
public final class SamSchema {

    private static final Schema SCHEMA = load();

    private SamSchema() {
    }

    private static Schema load() {
        try (InputStream in = SamSchema.class.getResourceAsStream("/schemas/sam/sam.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("schemas/sam/sam.schema.json is not on the test class path");
            }
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in, InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param template a SAM template, as JSON text
     * @return what the schema refuses, one line each with its location; empty when the template is valid
     */
    public static List<String> errors(String template) {
        List<Error> errors = SCHEMA.validate(template, InputFormat.JSON);
        return errors.stream().map(Error::toString).toList();
    }
}
