package io.glasscache.reliability;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;

/**
 * The demo jar's open-loop load generator as its own process (as a reader reruns it), Zipf users over the stack's
 * demo, with fault windows marked through its standard input ({@code --marks-from-stdin}) when the suite injects and
 * clears them. It stops by itself after {@code maxDuration}, or when told to; its JSON report and PNG chart are
 * written to the results directory.
 */
final class LoadRun implements AutoCloseable {

    /** The load generator's flags in the benches (C1 only, serial GC: it leaves the cores to the app). */
    static final List<String> JVM = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    /** Scenes over home, video and 1000 destinations: a failover snapshot of thousands of records. */
    static final int DESTINATIONS = 1000;

    final String label;
    final List<String> arguments;
    private final Path out;
    private final Path log;
    private final Process process;
    private final OutputStream marks;
    private long startedNanos;

    private LoadRun(String label, List<String> arguments, Path out, Path log, Process process) {
        this.label = label;
        this.arguments = arguments;
        this.out = out;
        this.log = log;
        this.process = process;
        this.marks = process.getOutputStream();
    }

    static LoadRun start(Stack stack, String label, int rate, Duration maxDuration) {
        Path out = Results.dir().resolve("runs");
        List<String> arguments = List.of("--target", "http://" + Stack.HOST + ":" + stack.demoPort, "--rate",
                String.valueOf(rate), "--duration", maxDuration.toSeconds() + "s", "--warmup", "3s",
                "--destinations", String.valueOf(DESTINATIONS), "--out", out.toString(), "--label", label,
                "--marks-from-stdin");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(JVM);
        command.addAll(List.of("-cp", Project.file(Stack.DEMO_JAR).toString(),
                "-Dloader.main=io.glasscache.demo.loadgen.LoadGenerator",
                "org.springframework.boot.loader.launch.PropertiesLauncher"));
        command.addAll(arguments);
        try {
            Files.createDirectories(out);
            Path log = out.resolve(label + ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            LoadRun run = new LoadRun(label, arguments, out, log, process);
            Awaitility.await("the load generator's measured start").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20)).until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("the load generator exited: " + run.output());
                        }
                        return run.output().contains("loadgen " + label + ":");
                    });
            run.startedNanos = System.nanoTime();
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Seconds since the measured start (as the report's timeline counts them). */
    double second() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    void startMark(String name) {
        tell("start " + name);
    }

    void endMark(String name) {
        tell("end " + name);
    }

    /** Stops the load now, waits for the report, and returns it. */
    Report finish() {
        tell("stop");
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the load generator did not end: " + output());
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("the load generator failed: " + output());
            }
            return new Report(Http.JSON.readTree(out.resolve(label + ".json").toFile()), out.resolve(label + ".png"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The command a reader runs for the same load (from the repository root, against a stack of their own). */
    String command() {
        return "java " + String.join(" ", JVM) + " -cp " + Stack.DEMO_JAR
                + " -Dloader.main=io.glasscache.demo.loadgen.LoadGenerator "
                + "org.springframework.boot.loader.launch.PropertiesLauncher " + String.join(" ", arguments);
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private void tell(String line) {
        try {
            marks.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            marks.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the load generator no longer reads its input: " + output(), e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /** The load generator's JSON report, and its chart. */
    record Report(JsonNode json, Path chart) {
        long count(String field) {
            return json.path(field).asLong();
        }

        /** The marked window {@code name}, or a missing node. */
        JsonNode mark(String name) {
            for (JsonNode mark : json.path("marks")) {
                if (mark.path("label").asText().equals(name)) {
                    return mark;
                }
            }
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }

        /** Errors that got an HTTP answer: non-200 responses and 200s that could not be read. */
        long httpErrors() {
            return count("errors") - count("lost");
        }
    }
}
