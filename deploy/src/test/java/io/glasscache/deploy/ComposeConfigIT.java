package io.glasscache.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.glasscache.testing.ToolResult;
import org.junit.jupiter.api.Test;

/**
 * The Debian docker-compose 1.29 validates compose.yaml (the Compose specification, without a Docker engine): it
 * passes, it fails without a Grafana admin password, and it fails on a file that breaks the schema. Compose v2 reads
 * the same specification; no engine runs here, so nothing is started.
 */
class ComposeConfigIT {

    private static final String PASSWORD = "GRAFANA_ADMIN_PASSWORD";

    @Test
    void theComposeFileIsValid() {
        ToolResult result = config(Map.of(PASSWORD, "not-a-default"), ComposeFileTest.COMPOSE);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).isEmpty(); // -q: no warnings either
    }

    @Test
    void withoutAnAdminPasswordComposeRefusesToRun() {
        ToolResult result = config(Map.of(), ComposeFileTest.COMPOSE);
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains(PASSWORD).contains("there is no default");
    }

    @Test
    void aFileThatBreaksTheSchemaIsRejected() throws IOException {
        // beside the real one, so that its relative paths still resolve
        Path broken = Files.createTempFile(Repo.path("deploy/compose"), "broken-", ".yaml");
        try {
            Files.writeString(broken, Repo.read(ComposeFileTest.COMPOSE).replace("    mem_limit: 128m\n",
                    "    mem_limit: 128m\n    healthcheck_interval: 5s\n"));
            ToolResult result = config(Map.of(PASSWORD, "x"), Repo.root().relativize(broken).toString());
            assertThat(result.exitCode()).as(result.output()).isNotZero();
            assertThat(result.output()).contains("healthcheck_interval");
        } finally {
            Files.delete(broken);
        }
    }

    private static ToolResult config(Map<String, String> env, String file) {
        String compose = Commands.require("docker-compose", "apt-get install docker-compose (1.29 validates the "
                + "Compose specification without an engine)");
        return Commands.run(Repo.root(), env, List.of(PASSWORD), Duration.ofSeconds(60), compose, "-f", file,
                "config", "-q");
    }
}
