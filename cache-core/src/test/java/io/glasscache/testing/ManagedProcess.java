package io.glasscache.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A child process started by a fixture, tracked by its own PID so that it is stopped even when a test fails,
 * times out or the JVM exits early (a shutdown hook kills whatever is left).
 */
public final class ManagedProcess implements AutoCloseable {

    private static final Set<ManagedProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(ManagedProcess::killQuietly),
                "glasscache-fixture-reaper"));
    }

    private final String name;
    private final List<String> command;
    private final Path log;
    private final Process process;

    private ManagedProcess(String name, List<String> command, Path log, Process process) {
        this.name = name;
        this.command = List.copyOf(command);
        this.log = log;
        this.process = process;
    }

    /** Starts {@code command}, with stdout and stderr appended to {@code log}. */
    public static ManagedProcess start(String name, List<String> command, Path log) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            ManagedProcess managed = new ManagedProcess(name, command, log, p);
            LIVE.add(managed);
            return managed;
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + name + ": " + String.join(" ", command), e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String name() {
        return name;
    }

    public List<String> command() {
        return command;
    }

    /** The tail of the process's output, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Sends a POSIX signal (STOP, CONT, TERM, KILL) to this process's PID. */
    public void signal(String signal) {
        if (!process.isAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            String out = new String(kill.getInputStream().readAllBytes());
            if (!kill.waitFor(5, TimeUnit.SECONDS) || (kill.exitValue() != 0 && process.isAlive())) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not signal " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + name, e);
        }
    }

    /** SIGKILL and wait for the process to be gone. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
        LIVE.remove(this);
    }

    /** SIGCONT (a frozen process cannot act on SIGTERM), SIGTERM, then SIGKILL after a grace period. */
    public void stop(Duration grace) {
        if (process.isAlive()) {
            signal("CONT");
            process.destroy();
            if (!awaitExit(grace)) {
                process.destroyForcibly();
                awaitExit(Duration.ofSeconds(10));
            }
        }
        LIVE.remove(this);
    }

    private boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        }
    }

    private void killQuietly() {
        process.destroyForcibly();
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }
}
