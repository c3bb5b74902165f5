package dev.bindery.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppBuildTest {

    @TempDir
    Path project;

    Path jar;

    void layout(Instant built, Instant sources) throws Exception {
        Files.createDirectories(project.resolve("src/main/java/app"));
        Path source = Files.writeString(project.resolve("src/main/java/app/Greeter.java"), "class Greeter {}");
        Path pom = Files.writeString(project.resolve("pom.xml"), "<project/>");
        Files.setLastModifiedTime(source, FileTime.from(sources));
        Files.setLastModifiedTime(pom, FileTime.from(sources));
        if (built != null) {
            jar = project.resolve(AppBuild.RUN_JAR);
            Files.createDirectories(jar.getParent());
            Files.writeString(jar, "");
            Files.setLastModifiedTime(jar, FileTime.from(built));
        }
    }

    @Test
    void aProjectWithNoJarNeedsABuild() throws Exception {
        layout(null, Instant.now());
        assertThat(AppBuild.needsBuild(project)).isTrue();
    }

    @Test
    void aJarNewerThanEverySourceNeedsNone() throws Exception {
        Instant now = Instant.now();
        layout(now, now.minusSeconds(60));
        assertThat(AppBuild.needsBuild(project)).isFalse();
    }

    @Test
    void aSourceNewerThanTheJarNeedsABuild() throws Exception {
        Instant now = Instant.now();
        layout(now.minusSeconds(60), now);
        assertThat(AppBuild.needsBuild(project)).isTrue();
    }

    @Test
    void theWrapperIsUsedWhenTheProjectHasOne() throws Exception {
        assertThat(AppBuild.command(project)).containsExactly("mvn", "-B", "-q", "package", "-DskipTests");
        Path wrapper = Files.writeString(project.resolve("mvnw"), "#!/bin/sh\n");
        wrapper.toFile().setExecutable(true);
        assertThat(AppBuild.command(project).get(0)).isEqualTo(wrapper.toAbsolutePath().toString());
    }
}
