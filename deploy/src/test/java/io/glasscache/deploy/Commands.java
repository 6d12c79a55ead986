package io.glasscache.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.glasscache.testing.Backend;
import io.glasscache.testing.ToolResult;

/** Runs the command-line tools the checks need, with a clear failure when one is not installed. */
final class Commands {

    private Commands() {
    }

    /** The tool's path; fails naming how to install it (tests never skip). */
    static String require(String binary, String howToInstall) {
        return Backend.onPath(binary).map(Path::toString).orElseThrow(() -> new IllegalStateException(
                binary + " is needed by this test and is not on PATH: " + howToInstall));
    }

    /** Runs {@code command} in the repository root with no extra environment. */
    static ToolResult run(Duration timeout, String... command) {
        return run(Repo.root(), Map.of(), List.of(), timeout, command);
    }

    /**
     * Runs {@code command} in {@code dir} with the current environment plus {@code env}, less {@code unset}; stdout
     * and stderr together. The process is killed (by its own PID) when it outlives {@code timeout}.
     */
    static ToolResult run(Path dir, Map<String, String> env, List<String> unset, Duration timeout,
                          String... command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        unset.forEach(builder.environment()::remove);
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + List.of(command), e);
        }
        try {
            process.getOutputStream().close();
            // Read on another thread so that a process that never closes its output still times out.
            List<byte[]> out = new ArrayList<>(1);
            Thread reader = new Thread(() -> {
                try {
                    out.add(process.getInputStream().readAllBytes());
                } catch (IOException e) {
                    out.add(("(output unreadable: " + e.getMessage() + ")").getBytes(StandardCharsets.UTF_8));
                }
            }, "output-of-" + Path.of(command[0]).getFileName());
            reader.setDaemon(true);
            reader.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
            String output = out.isEmpty() ? "(output still open: a child kept it)"
                    : new String(out.get(0), StandardCharsets.UTF_8);
            return new ToolResult(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command[0], e);
        } finally {
            process.destroyForcibly();
        }
    }
}
