package io.glasscache.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What a command-line tool run returned: its exit code and its combined stdout and stderr. */
public record ToolResult(int exitCode, String output) {

    public boolean succeeded() {
        return exitCode == 0;
    }

    /**
     * Runs {@code command} in {@code workDir} with no input, waits at most {@code timeout}, and returns its exit code
     * and output. The process is killed by its own PID afterwards, also when the test times out.
     */
    public static ToolResult run(Path workDir, List<String> command, Duration timeout) {
        try {
            Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .start();
            try {
                process.getOutputStream().close();
                byte[] out = process.getInputStream().readAllBytes();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException(command.get(0) + " did not finish within " + timeout);
                }
                return new ToolResult(process.exitValue(), new String(out, StandardCharsets.UTF_8));
            } finally {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }
}
