package io.glasscache.deploy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.glasscache.testing.ToolResult;

/** Runs deploy/local/stack.sh. */
final class LocalStack {

    static final String SCRIPT = "deploy/local/stack.sh";

    /** Knobs of the caller's environment that would change what the script does: never inherited by tests. */
    static final List<String> KNOBS = List.of("GLASSCACHE_RUN_DIR", "MEMCACHED_PORTS", "EXPORTER_PORT", "DEMO_PORT",
            "MANAGEMENT_PORT", "PROMETHEUS_PORT", "ALERTMANAGER_PORT", "GRAFANA_PORT", "LOADGEN_RATE",
            "MEMCACHED_MEMORY_MB", "START_TIMEOUT", "JAVA", "MEMCACHED_BIN", "PROMETHEUS_BIN", "ALERTMANAGER_BIN",
            "GRAFANA_BIN", "GRAFANA_HOME", "GRAFANA_ADMIN_PASSWORD");

    private LocalStack() {
    }

    static ToolResult command(Map<String, String> env, String subcommand) {
        return command(env, subcommand, Duration.ofSeconds(60));
    }

    static ToolResult command(Map<String, String> env, String subcommand, Duration timeout) {
        Commands.require("bash", "bash");
        return Commands.run(Repo.root(), env, KNOBS, timeout, "bash", Repo.path(SCRIPT).toString(), subcommand);
    }
}
