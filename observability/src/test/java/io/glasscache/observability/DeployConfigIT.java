package io.glasscache.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.glasscache.observability.mixin.GlassCacheMixin;
import io.glasscache.observability.mixin.MixinConfig;
import io.glasscache.testing.Backend;
import io.glasscache.testing.PromtoolRunner;
import io.glasscache.testing.ToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deploy/ configuration parses with the real tools: compose, Prometheus (with the rules), yamllint. */
class DeployConfigIT {

    @Test
    void prometheusConfigIsValidAndLoadsTheRules(@TempDir Path dir) throws IOException {
        // The compose stack mounts the rules at /etc/prometheus/rules; point the copy at the repository's rules.
        String config = Files.readString(RepoPaths.root().resolve("deploy/prometheus/prometheus.yml"))
                .replace("/etc/prometheus/rules/", RepoPaths.rules() + "/");
        Files.writeString(dir.resolve("prometheus.yml"), config);
        ToolResult result = new PromtoolRunner().run(dir, "check", "config", "prometheus.yml");
        assertThat(result.exitCode()).as(result.output()).isZero();
        GlassCacheMixin mixin = new GlassCacheMixin(MixinConfig.defaults());
        assertThat(result.output()).contains("SUCCESS: 2 rule files found")
                .contains(GlassCacheMixin.RECORDING_FILE + "\n  SUCCESS: " + mixin.recordingRules().rules().size()
                        + " rules found")
                .contains(GlassCacheMixin.ALERTS_FILE + "\n  SUCCESS: " + mixin.alertRules().rules().size()
                        + " rules found");
    }

    @Test
    void composeFileIsValid() {
        ToolResult result = run(RepoPaths.root(), "docker-compose", "docker-compose",
                "-f", "deploy/compose/docker-compose.yml", "config", "--services");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output().lines()).contains("memcached", "cache-exporter", "inference-demo", "prometheus",
                "alertmanager", "grafana");
    }

    @Test
    void everyYamlFileUnderDeployPassesYamllint() {
        ToolResult result = run(RepoPaths.root(), "yamllint", "yamllint", "--strict", "deploy");
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    private static ToolResult run(Path workDir, String binary, String debianPackage, String... args) {
        Path executable = Backend.onPath(binary).orElseThrow(() -> new IllegalStateException(
                binary + " is needed by this test: install the Debian package (apt-get install " + debianPackage
                        + ")"));
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        command.addAll(List.of(args));
        return ToolResult.run(workDir, command, Duration.ofSeconds(60));
    }
}
