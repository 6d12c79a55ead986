package io.glasscache.testing;

import java.nio.file.Path;

/**
 * promtool, for {@code check rules}, {@code test rules}, {@code check config} and {@code check metrics}.
 * The binary from PATH (Debian package {@code prometheus}) or the {@code prom/prometheus} image with Docker.
 */
public final class PromtoolRunner {

    public static final String IMAGE = "prom/prometheus:v2.53.0";

    private final PrometheusToolRunner runner = new PrometheusToolRunner("promtool", IMAGE, "prometheus");

    /** Runs {@code promtool args...} with {@code workDir} as the working directory (relative paths resolve there). */
    public ToolResult run(Path workDir, String... args) {
        return runner.run(workDir, args);
    }

    /**
     * {@code promtool check metrics} over an exposition text (fed through a file, since the tool reads stdin).
     */
    public ToolResult checkMetrics(Path workDir, String exposition) {
        try {
            Path file = workDir.resolve("metrics-to-check.prom");
            java.nio.file.Files.writeString(file, exposition);
            // sh -c keeps the tool reading its standard input, as `promtool check metrics` requires.
            return new PrometheusToolRunner("sh", IMAGE, "dash").run(workDir, "-c",
                    "promtool check metrics < metrics-to-check.prom");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
