package io.glasscache.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The images build from source on pinned bases, as a non-root user; each check fails on a Dockerfile that breaks it. */
class DockerfilesTest {

    /** The modules of the root pom, each of whose poms a build stage must copy. */
    static List<String> modules() {
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(Repo.read("pom.xml"));
        List<String> modules = new java.util.ArrayList<>();
        while (m.find()) {
            modules.add(m.group(1));
        }
        return modules;
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy/compose/Dockerfile.demo", "deploy/compose/Dockerfile.exporter"})
    void theImagesPassEveryCheck(String dockerfile) {
        assertThat(modules()).contains("cache-core", "deploy");
        assertThat(Dockerfiles.check(Repo.read(dockerfile), Repo.root(), modules())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy/compose/Dockerfile.demo", "deploy/compose/Dockerfile.exporter"})
    void theBuildContextLeavesOutBuildOutputAndHistory(String dockerfile) throws Exception {
        // BuildKit reads <Dockerfile>.dockerignore beside the Dockerfile
        Path ignore = Repo.path(dockerfile + ".dockerignore");
        assertThat(ignore).exists();
        assertThat(Files.readAllLines(ignore)).contains(".git", "**/target");
    }

    @Test
    void anUnpinnedBaseImageFails() {
        assertThat(check("FROM eclipse-temurin:latest\n")).anyMatch(p -> p.contains("eclipse-temurin:latest"));
        assertThat(check("FROM ubuntu\n")).anyMatch(p -> p.contains("base image ubuntu is not pinned"));
        assertThat(check("FROM eclipse-temurin:17-jre AS run\n")).anyMatch(p -> p.contains("17-jre is not pinned"));
        assertThat(check("FROM eclipse-temurin:17.0.15_6-jre AS run\n")).isEmpty();
    }

    @Test
    void aStageNameIsNoImage() {
        assertThat(check("FROM eclipse-temurin:17.0.15_6-jdk AS build\nFROM build\n")).isEmpty();
    }

    @Test
    void aMissingCopySourceFails() {
        assertThat(check("FROM eclipse-temurin:17.0.15_6-jre\nCOPY no-such-module/target/x.jar /app/\n"))
                .anyMatch(p -> p.contains("COPY source no-such-module/target/x.jar does not exist"));
        assertThat(check("FROM eclipse-temurin:17.0.15_6-jre\nCOPY --from=build /src/x.jar /app/\n")).isEmpty();
        assertThat(check("FROM eclipse-temurin:17.0.15_6-jre\nCOPY --chown=1:1 \\\n  mvnw pom.xml /src/\n")).isEmpty();
    }

    @Test
    void aRootOrUnsetFinalUserFails() {
        assertThat(Dockerfiles.check("FROM eclipse-temurin:17.0.15_6-jre\nRUN ./mvnw\n", Repo.root(), List.of()))
                .containsExactly("the final stage runs as root (no USER)");
        assertThat(Dockerfiles.check("FROM eclipse-temurin:17.0.15_6-jre\nRUN ./mvnw\nUSER 0:0\n", Repo.root(),
                List.of())).containsExactly("the final stage runs as 0:0");
        // a USER of the build stage does not carry over to the next stage
        assertThat(Dockerfiles.check("FROM a:1.0 AS build\nUSER 10001\nRUN ./mvnw\nFROM b:1.0\n", Repo.root(),
                List.of())).containsExactly("the final stage runs as root (no USER)");
    }

    @Test
    void aBuildStageMissingAModulePomOrMavenFails() {
        assertThat(Dockerfiles.check("FROM a:1.0\nCOPY pom.xml ./\nUSER 1\n", Repo.root(), List.of("cache-core")))
                .containsExactlyInAnyOrder("no build stage runs ./mvnw: the image must build from source",
                        "the build stage does not copy cache-core/pom.xml: Maven reads every module's pom");
    }

    @Test
    void addIsRefused() {
        assertThat(check("FROM a:1.0\nADD https://example.org/x.tar.gz /x\n")).anyMatch(p -> p.contains("use COPY"));
    }

    /** A Dockerfile's problems other than the ones every fragment here has (no USER, no Maven build). */
    private static List<String> check(String dockerfile) {
        return Dockerfiles.check(dockerfile + "RUN ./mvnw\nUSER 10001\n", Repo.root(), List.of());
    }
}
