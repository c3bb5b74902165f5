package dev.bindery.cli.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class TemplateTest {

    @Test
    void placeholdersAreReplacedAndMavenAndQuarkusExpressionsAndAnnotationsAreLeftAlone() {
        Template template = Template.of("t", "<v>${quarkus.version}</v> @Funq @OnEvent(type = \"@groupId@.greet\")");

        assertThat(template.render(Map.of("groupId", "org.acme")))
                .isEqualTo("<v>${quarkus.version}</v> @Funq @OnEvent(type = \"org.acme.greet\")");
    }

    @Test
    void aPlaceholderAloneOnItsLineTakesTheValuesLinesOrDisappears() {
        Template template = Template.of("t", "a\n    @more@\nb\n");

        assertThat(template.render(Map.of("more", "  x\n  y"))).isEqualTo("a\n  x\n  y\nb\n");
        assertThat(template.render(Map.of("more", ""))).isEqualTo("a\nb\n");
    }

    @Test
    void aValueIsNeverScannedForPlaceholders() {
        assertThat(Template.of("t", "@a@").render(Map.of("a", "@b@"))).isEqualTo("@b@");
    }

    @Test
    void aPlaceholderWithoutAValueNamesTheTemplateAndThePlaceholder() {
        assertThatThrownBy(() -> Template.of("layers/base/pom.xml", "@nmae@").render(Map.of("name", "x")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("layers/base/pom.xml").hasMessageContaining("@nmae@");
    }
}
