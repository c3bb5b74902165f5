package dev.bindery.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bindery.cli.Bindery;
import dev.bindery.cli.ExitCodes;
import dev.bindery.cli.apps.AppsFile;

class RunCommandTest {

    @TempDir
    Path dir;

    @Test
    void eachAppOfTheFileGetsItsIdAndEveryAppsUrlAndItsOwnPropertiesWin() throws Exception {
        Path file = Files.copy(Path.of("src/test/resources/apps/two-apps.yaml"), dir.resolve("bindery.yaml"));
        Files.createDirectories(dir.resolve("orders-app"));
        Files.writeString(dir.resolve("orders-app/pom.xml"), "<project/>");
        Files.createDirectories(dir.resolve("shop-app/target/quarkus-app"));
        Files.writeString(dir.resolve("shop-app/target/quarkus-app/quarkus-run.jar"), "");

        List<AppLaunch> launches = RunCommand.launches(AppsFile.read(file), List.of("--extra"),
                Map.of("bindery.admin.enabled", "true"));

        AppLaunch orders = launches.get(0);
        assertThat(orders.id()).isEqualTo("orders");
        assertThat(orders.jar()).isEqualTo(dir.resolve("orders-app/target/quarkus-app/quarkus-run.jar"));
        assertThat(orders.workdir()).isEqualTo(dir);
        assertThat(orders.command(Path.of("java"))).containsExactly("java", "-Dquarkus.http.port=8081",
                "-Dbindery.admin.enabled=true", "-Dbindery.app-id=orders", "-Dbindery.apps.orders.url=http://localhost:8081",
                "-Dbindery.apps.shop.url=http://localhost:8082", "-jar", orders.jar().toString(), "--extra");
        AppLaunch shop = launches.get(1);
        assertThat(shop.workdir()).isEqualTo(dir.resolve("run/shop"));
        assertThat(shop.env()).containsEntry("GREETING", "hello");
        assertThat(shop.command(Path.of("java"))).containsExactly("java", "-Dquarkus.http.port=8082",
                "-Dquarkus.profile=dev", "-Dbindery.admin.enabled=true", "-Dbindery.app-id=shop",
                "-Dbindery.apps.orders.url=http://orders.example:9000", "-Dbindery.apps.shop.url=http://localhost:8082",
                "-Dexamples.orders-app=orders", "-jar", dir.resolve("shop-app/target/quarkus-app/quarkus-run.jar")
                        .toString(),
                "--verbose", "--extra");
    }

    @Test
    void anAppThatIsNeitherAProjectNorAJarIsNamed() {
        assertThatThrownBy(() -> RunCommand.jar(dir)).hasMessageContaining(dir + " is not an app");
        assertThatThrownBy(() -> RunCommand.jar(dir.resolve("app.jar"))).hasMessageContaining("no such directory or jar");
    }

    @Test
    void singleAppOptionsAreRefusedWithAFile() throws Exception {
        Path file = Files.copy(Path.of("src/test/resources/apps/two-apps.yaml"), dir.resolve("bindery.yaml"));
        var err = new java.io.StringWriter();
        var cli = Bindery.commandLine();
        cli.setErr(new java.io.PrintWriter(err));

        int exit = cli.execute("run", "-f", file.toString(), "--port", "9000");

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--port is for one app; with -f each app's settings are in");
    }
}
