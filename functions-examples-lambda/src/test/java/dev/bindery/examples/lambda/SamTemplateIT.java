package dev.bindery.examples.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.quarkus.funqy.Funq;

import dev.bindery.testing.SamSchema;

/**
 * Keeps {@code sam/template.yaml} honest against the build: it is the template the build generated
 * ({@code target/sam/template.yaml}), valid against AWS's published SAM schema; its handler exists in the package, its
 * code URI is the package the build produces, every event source it declares is one the Bindery handler reads, every
 * function the package routes to exists, and each resource has the fields SAM requires.
 */
class SamTemplateIT {

    static final Path TEMPLATE = Path.of("../sam/template.yaml");
    static final Path GENERATED = Path.of("target/sam/template.yaml");
    /** SAM event types and the properties each requires. */
    static final Map<String, List<String>> EVENT_TYPES = Map.of("HttpApi", List.of(), "SQS", List.of("Queue"), "S3",
            List.of("Bucket", "Events"), "Schedule", List.of("Schedule"), "SNS", List.of("Topic"), "EventBridgeRule",
            List.of("Pattern"));

    static JsonNode template() throws Exception {
        return new ObjectMapper(new YAMLFactory()).readTree(TEMPLATE.toFile());
    }

    static JsonNode function() throws Exception {
        return template().path("Resources").path("Functions");
    }

    @Test
    void theCommittedTemplateIsTheOneTheBuildGenerated() throws Exception {
        assertThat(GENERATED).as("the build writes the SAM template of a Lambda package").isRegularFile();
        assertThat(Files.readString(TEMPLATE)).as("sam/template.yaml is stale: copy "
                + "functions-examples-lambda/target/sam/template.yaml over it (after mvn package -pl "
                + "functions-examples-lambda -am)").isEqualTo(Files.readString(GENERATED));
    }

    @Test
    void theTemplateIsValidAgainstThePublishedSamSchema() throws Exception {
        assertThat(SamSchema.errors(new ObjectMapper().writeValueAsString(template()))).isEmpty();
    }

    @Test
    void theHandlerClassIsInThePackage() throws Exception {
        String handlerClass = function().path("Properties").path("Handler").asText().split("::")[0];
        String entry = handlerClass.replace('.', '/') + ".class";
        boolean found = false;
        try (ZipFile zip = new ZipFile(System.getProperty("bindery.function.zip", "target/function.zip"))) {
            for (ZipEntry jar : Collections.list(zip.entries())) {
                if (!jar.getName().endsWith(".jar")) {
                    continue;
                }
                try (ZipInputStream in = new ZipInputStream(zip.getInputStream(jar))) {
                    for (ZipEntry inner = in.getNextEntry(); inner != null && !found; inner = in.getNextEntry()) {
                        found = inner.getName().equals(entry);
                    }
                }
            }
        }
        assertThat(found).as(handlerClass + " in a jar of function.zip").isTrue();
    }

    @Test
    void theTemplateIsASamTemplate() throws Exception {
        JsonNode template = template();
        assertThat(template.path("AWSTemplateFormatVersion").asText()).isEqualTo("2010-09-09");
        assertThat(template.path("Transform").asText()).isEqualTo("AWS::Serverless-2016-10-31");
        for (Iterator<Map.Entry<String, JsonNode>> resources = template.path("Resources").fields(); resources
                .hasNext();) {
            Map.Entry<String, JsonNode> resource = resources.next();
            assertThat(resource.getValue().path("Type").asText()).as(resource.getKey()).isIn(
                    "AWS::Serverless::Function", "AWS::SQS::Queue", "AWS::S3::Bucket", "AWS::SNS::Topic",
                    "AWS::SecretsManager::Secret");
        }
        assertThat(template.path("Outputs").path("HttpApiUrl").path("Value").toString()).contains("ServerlessHttpApi");
    }

    @Test
    void theHandlerExistsAndTheCodeUriIsThePackageTheBuildMakes() throws Exception {
        JsonNode properties = function().path("Properties");
        String[] handler = properties.path("Handler").asText().split("::");
        Class<?> type = Class.forName(handler[0]);
        Method method = type.getMethod(handler[1], InputStream.class, OutputStream.class, Context.class);
        assertThat(method).isNotNull();
        assertThat(properties.path("Runtime").asText()).startsWith("java");
        Path codeUri = TEMPLATE.getParent().resolve(properties.path("CodeUri").asText()).normalize();
        assertThat(Files.isRegularFile(Path.of(System.getProperty("bindery.function.zip", "target/function.zip"))))
                .isTrue();
        assertThat(codeUri.toAbsolutePath().normalize()).isEqualTo(Path.of(System.getProperty("bindery.function.zip",
                "target/function.zip")).toAbsolutePath().normalize());
        assertThat(properties.path("SnapStart").path("ApplyOn").asText()).isEqualTo("PublishedVersions");
        assertThat(properties.path("AutoPublishAlias").asText()).isNotEmpty();
    }

    @Test
    void everyEventSourceIsOneTheHandlerReadsWithTheFieldsSamRequires() throws Exception {
        Set<String> types = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> events = function().path("Properties").path("Events").fields(); events
                .hasNext();) {
            Map.Entry<String, JsonNode> event = events.next();
            String type = event.getValue().path("Type").asText();
            assertThat(EVENT_TYPES).as("event " + event.getKey()).containsKey(type);
            for (String required : EVENT_TYPES.get(type)) {
                assertThat(event.getValue().path("Properties").has(required)).as(event.getKey() + " has " + required)
                        .isTrue();
            }
            if (type.equals("SQS")) {
                assertThat(event.getValue().path("Properties").path("FunctionResponseTypes").toString()).contains(
                        "ReportBatchItemFailures");
            }
            types.add(type);
        }
        assertThat(types).containsAll(EVENT_TYPES.keySet());
    }

    @Test
    void everyFunctionThePackageRoutesToExists() throws Exception {
        Set<String> functions = new HashSet<>();
        for (Path source : List.of(Path.of("target/classes/dev/bindery/examples"))) {
            try (var classes = Files.list(source)) {
                for (Path file : classes.filter(p -> p.toString().endsWith(".class")).toList()) {
                    String name = "dev.bindery.examples." + file.getFileName().toString().replace(".class", "");
                    for (Method method : Class.forName(name).getMethods()) {
                        if (method.isAnnotationPresent(Funq.class)) {
                            functions.add(method.getName());
                        }
                    }
                }
            }
        }
        Properties config = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            config.load(in);
        }
        List<String> routed = new ArrayList<>();
        config.stringPropertyNames().stream().filter(key -> key.startsWith("bindery.lambda.") && key.endsWith(
                ".function")).forEach(key -> routed.add(config.getProperty(key)));
        assertThat(routed).isNotEmpty();
        assertThat(functions).containsAll(routed);
    }
}
