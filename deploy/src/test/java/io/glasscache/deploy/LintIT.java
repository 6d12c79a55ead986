package io.glasscache.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.glasscache.testing.ToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** yamllint (the repository's .yamllint.yml) over every YAML file under deploy/, ShellCheck over every script. */
class LintIT {

    @Test
    void everyYamlFileUnderDeployPassesYamllint() {
        ToolResult result = yamllint("deploy");
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void yamllintRejectsADuplicateKey(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("dup.yml"), "a: 1\na: 2\n");
        ToolResult result = yamllint(file.toString());
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("duplication of key \"a\"");
    }

    @Test
    void everyScriptUnderDeployPassesShellCheck() throws IOException {
        List<String> scripts;
        try (Stream<Path> files = Files.walk(Repo.path("deploy"))) {
            scripts = files.filter(p -> p.toString().endsWith(".sh") && !p.toString().contains("/target/"))
                    .map(p -> Repo.root().relativize(p).toString()).sorted().toList();
        }
        assertThat(scripts).contains("deploy/local/stack.sh", "deploy/kind/up.sh", "deploy/kind/down.sh",
                "deploy/k8s/sync-generated.sh");
        ToolResult result = shellcheck(scripts);
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void shellCheckRejectsAnUnquotedVariable(@TempDir Path dir) throws IOException {
        Path script = Files.writeString(dir.resolve("bad.sh"), "#!/usr/bin/env bash\nrm -rf $1/data\n");
        ToolResult result = shellcheck(List.of(script.toString()));
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("SC2086");
    }

    private static ToolResult yamllint(String target) {
        String yamllint = Commands.require("yamllint", "apt-get install yamllint");
        return Commands.run(Duration.ofSeconds(60), yamllint, "--strict", "-c", Repo.path(".yamllint.yml").toString(),
                target);
    }

    private static ToolResult shellcheck(List<String> scripts) {
        List<String> command = new ArrayList<>(List.of(Commands.require("shellcheck", "apt-get install shellcheck"),
                "--severity=style"));
        command.addAll(scripts);
        return Commands.run(Duration.ofSeconds(60), command.toArray(String[]::new));
    }
}
