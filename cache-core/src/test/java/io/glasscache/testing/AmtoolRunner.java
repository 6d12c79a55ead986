package io.glasscache.testing;

import java.nio.file.Path;

/**
 * amtool, for {@code check-config} of Alertmanager configurations and templates. The binary from PATH (Debian
 * package {@code prometheus-alertmanager}) or the {@code prom/alertmanager} image with Docker.
 */
public final class AmtoolRunner {

    public static final String IMAGE = "prom/alertmanager:v0.27.0";

    private final PrometheusToolRunner runner = new PrometheusToolRunner("amtool", IMAGE, "prometheus-alertmanager");

    /** Runs {@code amtool args...} with {@code workDir} as the working directory. */
    public ToolResult run(Path workDir, String... args) {
        return runner.run(workDir, args);
    }
}
