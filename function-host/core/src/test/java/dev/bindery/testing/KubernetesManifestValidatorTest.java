package dev.bindery.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The validator refuses what the API server refuses and accepts what it accepts. */
class KubernetesManifestValidatorTest {

    static final KubernetesManifestValidator VALIDATOR = KubernetesManifestValidator.knative();

    @Test
    void aValidServiceAndTriggerPass() {
        assertThat(VALIDATOR.violations(Path.of("src/test/resources/manifests/service-valid.yaml"))).isEmpty();
    }

    @Test
    void everyViolationIsReportedWithItsDocumentAndField() {
        List<String> violations = VALIDATOR.violations(Path.of("src/test/resources/manifests/service-invalid.yaml"));

        assertThat(violations).anySatisfy(v -> assertThat(v).contains("document 1", "max-scale",
                "must be a string", "(quote it)"));
        assertThat(violations).anySatisfy(v -> assertThat(v).contains("document 1", "containerConcurency"));
        assertThat(violations).anySatisfy(v -> assertThat(v).contains("document 1", "/metadata/colour",
                "not a field of ObjectMeta"));
        assertThat(violations).anySatisfy(v -> assertThat(v).contains("document 1", "/metadata/name",
                "DNS-1035 label"));
        assertThat(violations).anySatisfy(v -> assertThat(v).contains("document 1", "bindery.dev/function",
                "not a label value"));
        assertThat(violations).anySatisfy(v -> assertThat(v).contains("document 2", "/spec/subscriber/uri"));
        assertThat(violations).as("the integer annotation is reported by the schema and by the metadata check")
                .hasSize(8);
        assertThat(violations).anySatisfy(v -> assertThat(v).contains("document 3", "no schema for example.com/v1 "
                + "Widget"));
    }
}
