package dev.bindery.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module rules of DESIGN.md, over the main classes of every module: adapters use the public SPI (and its support
 * package), never core's {@code internal}; core depends on no framework or engine; the user API exposes neither SPI
 * nor internal types; the SPI does not lean on internals.
 */
class LayeringRulesTest {

    /** The packages of the user API: what function code imports. */
    private static final String[] USER_API = {"dev.bindery.function", "dev.bindery.state", "dev.bindery.pubsub",
            "dev.bindery.binding", "dev.bindery.invocation", "dev.bindery.secrets", "dev.bindery.actors"};
    /** The adapters: engines and transports that plug into the SPI. */
    private static final String[] ADAPTERS = {"dev.bindery.state.infinispan..", "dev.bindery.pubsub.kafka..",
            "dev.bindery.pubsub.knative..", "dev.bindery.bindings..", "dev.bindery.lambda..",
            "dev.bindery.secrets.kubernetes..", "dev.bindery.secrets.aws..", "dev.bindery.secrets.vault.."};

    private static final JavaClasses ALL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.bindery");

    /** Only the classes of the core module (its jar or its build output). */
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(LayeringRulesTest::inCore)
            .importPackages("dev.bindery");

    private static boolean inCore(Location location) {
        return location.contains("bindery-core-") && !location.contains("-tests.jar")
                || location.contains("/core/target/classes");
    }

    @Test
    void adaptersNeverImportCoreInternals() {
        ArchRule rule = noClasses().that().resideInAnyPackage(ADAPTERS)
                .should().dependOnClassesThat().resideInAPackage("dev.bindery.internal..")
                .because("adapters use the public SPI (dev.bindery.spi..) and its support package only");
        rule.check(ALL);
    }

    @Test
    void coreDependsOnNoFrameworkOrEngine() {
        ArchRule rule = noClasses()
                .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "io.vertx..", "org.apache.camel..",
                        "org.apache.kafka..", "org.infinispan..", "software.amazon..", "com.amazonaws..")
                .because("core is plain Java: transports and engines live in their own modules");
        rule.check(CORE);
    }

    @Test
    void theUserApiExposesNoSpiOrInternalTypes() {
        ArchRule rule = noClasses().that().resideInAnyPackage(USER_API)
                .should().dependOnClassesThat().resideInAnyPackage("dev.bindery.spi..", "dev.bindery.internal..")
                .because("function code sees the user API only");
        rule.check(ALL);
    }

    @Test
    void theSpiDoesNotLeanOnInternals() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.bindery.spi..")
                .should().dependOnClassesThat().resideInAPackage("dev.bindery.internal..")
                .because("what adapters may use must not drag internals along");
        rule.check(ALL);
    }

    @Test
    void adaptersDoNotDependOnEachOther() {
        for (String adapter : ADAPTERS) {
            String[] others = java.util.Arrays.stream(ADAPTERS).filter(other -> !other.equals(adapter))
                    .toArray(String[]::new);
            noClasses().that().resideInAPackage(adapter)
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because("adapters depend on the SPI, never on each other")
                    .check(ALL);
        }
    }
}
