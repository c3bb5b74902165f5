package dev.bindery.cli.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.bindery.cli.CliException;
import dev.bindery.cli.ExitCodes;

class AppsFileTest {

    static final Path APPS = Path.of("src/test/resources/apps");

    @Test
    void readsEveryFieldOfEachApp() {
        AppsFile file = AppsFile.read(APPS.resolve("two-apps.yaml"));

        assertThat(file.apps()).extracting(AppSpec::id).containsExactly("orders", "shop");
        AppSpec orders = file.app("orders").orElseThrow();
        assertThat(orders.app()).isEqualTo("orders-app");
        assertThat(orders.port()).isEqualTo(8081);
        assertThat(orders.profile()).isNull();
        assertThat(orders.env()).isEmpty();
        assertThat(orders.properties()).isEmpty();
        assertThat(orders.args()).isEmpty();
        AppSpec shop = file.app("shop").orElseThrow();
        assertThat(shop.profile()).isEqualTo("dev");
        assertThat(shop.env()).isEqualTo(Map.of("GREETING", "hello"));
        assertThat(shop.properties()).containsEntry("examples.orders-app", "orders");
        assertThat(shop.args()).isEqualTo(List.of("--verbose"));
        assertThat(shop.workdir()).isEqualTo("run/shop");
        assertThat(file.directory()).isEqualTo(APPS.toAbsolutePath());
    }

    @Test
    void anUnknownFieldIsNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> AppsFile.read(APPS.resolve("unknown-field.yaml"))).isInstanceOf(CliException.class)
                .hasMessageContaining("unknown field 'prot' at apps[0].prot")
                .hasMessageContaining("known: app, args, env, id, port, profile, properties, workdir");
    }

    @Test
    void aMissingRequiredFieldIsNamed() {
        assertThatThrownBy(() -> AppsFile.read(APPS.resolve("missing-port.yaml"))).isInstanceOf(CliException.class)
                .hasMessageContaining("'port'").hasMessageContaining("apps[0]");
    }

    @Test
    void aPortUsedTwiceIsRefused() {
        assertThatThrownBy(() -> AppsFile.read(APPS.resolve("duplicate-port.yaml")))
                .hasMessageContaining("apps[1]: port 8081 is used twice");
    }

    @Test
    void aFileWithNoAppsIsRefused() {
        assertThatThrownBy(() -> AppsFile.read(APPS.resolve("no-apps.yaml"))).hasMessageContaining("no apps");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> AppsFile.read(APPS.resolve("nothing.yaml")))
                .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCodes.ERROR))
                .hasMessageContaining("nothing.yaml: no such file");
        assertThat(AppsFile.readIfPresent(APPS.resolve("nothing.yaml"))).isEmpty();
    }
}
