package io.glasscache.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to its end with a deadline; its output (stdout and stderr) goes through a file, not a pipe. */
final class Shell {

    /** What a command returned. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private Shell() {
    }

    static Result run(Duration timeout, String... command) {
        return run(Map.of(), List.of(), timeout, command);
    }

    /**
     * Runs {@code command} in the project root with this JVM's environment less {@code unset}, plus {@code env}. A
     * command still running at {@code timeout} is killed (by its PID) and reported as a failure.
     */
    static Result run(Map<String, String> env, List<String> unset, Duration timeout, String... command) {
        Path output = null;
        Process process = null;
        try {
            output = Files.createTempFile("reliability-", ".out");
            ProcessBuilder builder = new ProcessBuilder(command).directory(Project.ROOT.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            unset.forEach(builder.environment()::remove);
            builder.environment().putAll(env);
            process = builder.start();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (!finished) {
                throw new IllegalStateException(String.join(" ", command) + " still ran after " + timeout + ":\n"
                        + text);
            }
            return new Result(process.exitValue(), text);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + List.of(command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command[0], e);
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a temporary file
                }
            }
        }
    }
}
