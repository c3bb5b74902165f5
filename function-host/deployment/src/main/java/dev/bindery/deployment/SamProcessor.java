package dev.bindery.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.jandex.DotName;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.ApplicationInfoBuildItem;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;
import io.quarkus.deployment.builditem.LaunchModeBuildItem;
import io.quarkus.deployment.pkg.builditem.ArtifactResultBuildItem;
import io.quarkus.deployment.pkg.builditem.OutputTargetBuildItem;
import io.quarkus.runtime.LaunchMode;

import dev.bindery.runtime.SamConfig;

/**
 * Writes the application's AWS SAM template to {@code target/sam/template.yaml} when a Lambda package is built (the
 * application has the {@code bindery-lambda} handler), from its functions and {@code bindery.*} configuration as
 * written, every profile included: the build never resolves a secret ({@link SamTemplate}).
 */
public class SamProcessor {

    private static final Logger LOG = Logger.getLogger(SamProcessor.class);
    private static final DotName LAMBDA_HANDLER = DotName.createSimple("dev.bindery.lambda.BinderyLambdaHandler");

    @BuildStep
    ArtifactResultBuildItem samTemplate(SamConfig sam, FunctionsBuildItem functions, OutputTargetBuildItem target,
            LaunchModeBuildItem launchMode, ApplicationInfoBuildItem application, CombinedIndexBuildItem index) {
        if (launchMode.getLaunchMode() != LaunchMode.NORMAL || !sam.enabled()
                || !lambdaPackage(index)) {
            return null;
        }
        List<String> injected = new ArrayList<>();
        KnativeProcessor.injectedSecrets(index.getIndex()).forEach(secret -> injected.add(secret.store() + "/"
                + secret.name()));
        Map<String, Object> template;
        try {
            template = SamTemplate.generate(functions.functions(), settings(sam, application), binderyProperties(),
                    injected);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Cannot generate the SAM template (target/sam/template.yaml): "
                    + e.getMessage() + " (or set bindery.lambda.sam.enabled=false)", e);
        }
        Path file = target.getOutputDirectory().resolve("sam").resolve("template.yaml");
        write(file, template);
        LOG.debugf("Wrote the SAM template to %s", file);
        return null;
    }

    /**
     * @return whether the application is a Lambda package (it has the {@code bindery-lambda} handler): events arrive
     *         through the Runtime API, and no HTTP server runs, so nothing is mounted on a router
     */
    static boolean lambdaPackage(CombinedIndexBuildItem index) {
        return index.getIndex().getClassByName(LAMBDA_HANDLER) != null;
    }

    static SamTemplate.Settings settings(SamConfig sam, ApplicationInfoBuildItem application) {
        return new SamTemplate.Settings(application.getName(), sam.codeUri(), sam.runtime(), sam.architecture(),
                sam.memorySize(), sam.timeout(), sam.snapStart(), sam.appCdsArchive(), sam.stage(), sam.httpApi(),
                new TreeMap<>(sam
                        .source()),
                sam.eventBridgeSources().orElse(List.of()), new TreeMap<>(sam.secretKey()));
    }

    /**
     * Every {@code bindery.*} property as written, {@code %profile.bindery.*} ones included, from the configuration
     * sources themselves: their values are raw ({@code ${…}} unexpanded), and nothing else of the build machine's
     * environment is read.
     */
    static Map<String, String> binderyProperties() {
        List<ConfigSource> sources = new ArrayList<>();
        ConfigProvider.getConfig().getConfigSources().forEach(sources::add);
        Map<String, String> properties = new TreeMap<>();
        // lowest ordinal first, so the sources that win are written last
        for (int i = sources.size() - 1; i >= 0; i--) {
            ConfigSource source = sources.get(i);
            for (String name : source.getPropertyNames()) {
                String unprofiled = name.startsWith("%") && name.indexOf('.') > 0
                        ? name.substring(name.indexOf('.')
                                + 1)
                        : name;
                if (unprofiled.startsWith("bindery.")) {
                    String value = source.getValue(name);
                    if (value != null) {
                        properties.put(name, value);
                    }
                }
            }
        }
        return properties;
    }

    /** The template as YAML, keys in the order they were put. */
    static void write(Path file, Map<String, Object> template) {
        // every string quoted: a bare 2010-09-09 would be a date to a YAML 1.1 reader
        YAMLFactory yaml = YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .disable(YAMLGenerator.Feature.SPLIT_LINES).build();
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "# Generated by the Bindery build from the application's functions and "
                    + "configuration; do not edit (see sam/README.md)\n" + new ObjectMapper(yaml)
                            .writeValueAsString(template));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }
}
