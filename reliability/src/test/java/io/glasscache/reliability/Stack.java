package io.glasscache.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.glasscache.testing.FreePort;

/**
 * One local stack ({@code deploy/local/stack.sh}) on free loopback ports and its own run directory, without the
 * stack's load generator (the suite brings its own load). The demo snapshots every 2 s, so that the snapshot
 * faults show within a fault window.
 */
final class Stack {

    static final String SCRIPT = "deploy/local/stack.sh";
    static final String DEMO_JAR = "inference-demo/target/inference-demo.jar";
    static final String EXPORTER_JAR = "cache-exporter/target/cache-exporter.jar";
    /** Every knob of the script: none is inherited from the caller's environment. */
    static final List<String> KNOBS = List.of("GLASSCACHE_RUN_DIR", "MEMCACHED_PORTS", "EXPORTER_PORT", "DEMO_PORT",
            "MANAGEMENT_PORT", "PROMETHEUS_PORT", "ALERTMANAGER_PORT", "GRAFANA_PORT", "LOADGEN_RATE",
            "MEMCACHED_MEMORY_MB", "START_TIMEOUT", "DEMO_ARGS", "JAVA", "MEMCACHED_BIN", "PROMETHEUS_BIN",
            "ALERTMANAGER_BIN", "GRAFANA_BIN", "GRAFANA_HOME", "GRAFANA_ADMIN_PASSWORD");
    static final String HOST = FreePort.LOOPBACK;
    /** The demo's snapshot interval in the suite (60 s by default). */
    static final Duration SNAPSHOT_INTERVAL = Duration.ofSeconds(2);

    final Path runDir;
    final List<Integer> memcachedPorts = new ArrayList<>();
    final int exporterPort = FreePort.pick();
    final int demoPort = FreePort.pick();
    final int managementPort = FreePort.pick();
    final int prometheusPort = FreePort.pick();
    final int alertmanagerPort = FreePort.pick();
    private final Map<String, String> env = new LinkedHashMap<>();

    Stack(Path runDir) {
        this.runDir = runDir;
        for (int i = 0; i < 3; i++) {
            memcachedPorts.add(FreePort.pick());
        }
        env.put("GLASSCACHE_RUN_DIR", runDir.toString());
        env.put("MEMCACHED_PORTS", memcachedPorts.stream().map(String::valueOf).collect(Collectors.joining(" ")));
        env.put("EXPORTER_PORT", String.valueOf(exporterPort));
        env.put("DEMO_PORT", String.valueOf(demoPort));
        env.put("MANAGEMENT_PORT", String.valueOf(managementPort));
        env.put("PROMETHEUS_PORT", String.valueOf(prometheusPort));
        env.put("ALERTMANAGER_PORT", String.valueOf(alertmanagerPort));
        env.put("GRAFANA_PORT", String.valueOf(FreePort.pick()));
        env.put("LOADGEN_RATE", "0");
        env.put("START_TIMEOUT", "240");
        env.put("DEMO_ARGS", "--glasscache.failover.snapshot-interval=" + SNAPSHOT_INTERVAL.toSeconds() + "s");
        env.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** {@code stack.sh up}: starts what is not running (all of it, or what a fault killed) and waits until ready. */
    void up() {
        up(Map.of());
    }

    /** {@code stack.sh up} with some knobs changed for this start only (e.g. the demo's arguments). */
    void up(Map<String, String> changed) {
        for (String jar : List.of(DEMO_JAR, EXPORTER_JAR)) {
            if (!Files.isRegularFile(Project.file(jar))) {
                throw new IllegalStateException(jar + " is missing: build the jars first (./mvnw -DskipTests "
                        + "install, or verify from the root)");
            }
        }
        Map<String, String> knobs = new LinkedHashMap<>(env);
        knobs.putAll(changed);
        Shell.Result up = Shell.run(knobs, KNOBS, Duration.ofSeconds(300), "bash", Project.file(SCRIPT).toString(),
                "up");
        if (!up.ok()) {
            throw new IllegalStateException("stack.sh up failed:\n" + up.output() + logTails());
        }
    }

    /** {@code stack.sh down}: stops what up started, by its recorded PIDs. */
    Shell.Result down() {
        return command("down", Duration.ofSeconds(120));
    }

    Shell.Result command(String subcommand, Duration timeout) {
        return Shell.run(env, KNOBS, timeout, "bash", Project.file(SCRIPT).toString(), subcommand);
    }

    /** The PID the stack recorded for {@code service} (memcached-0, cache-exporter, inference-demo, ...). */
    long pid(String service) {
        try {
            return Long.parseLong(Files.readString(runDir.resolve("pids").resolve(service + ".pid")).split("\t")[0]
                    .trim());
        } catch (IOException e) {
            throw new UncheckedIOException("no PID recorded for " + service, e);
        }
    }

    /** Every PID the stack recorded now, by service. */
    Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        try (var files = Files.list(runDir.resolve("pids"))) {
            for (Path file : files.sorted().toList()) {
                String service = file.getFileName().toString().replace(".pid", "");
                pids.put(service, pid(service));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pids;
    }

    URI demo(String pathAndQuery) {
        return URI.create("http://" + HOST + ":" + demoPort + pathAndQuery);
    }

    URI management(String pathAndQuery) {
        return URI.create("http://" + HOST + ":" + managementPort + pathAndQuery);
    }

    URI exporter(String pathAndQuery) {
        return URI.create("http://" + HOST + ":" + exporterPort + pathAndQuery);
    }

    URI prometheus(String pathAndQuery) {
        return URI.create("http://" + HOST + ":" + prometheusPort + pathAndQuery);
    }

    /** {@code 127.0.0.1:<port>} of ring node {@code i}. */
    String memcached(int i) {
        return HOST + ":" + memcachedPorts.get(i);
    }

    Path snapshotDir() {
        return runDir.resolve("failover");
    }

    Path log(String service) {
        return runDir.resolve("logs").resolve(service + ".log");
    }

    /** The last lines of every service's log, for a failure message. */
    String logTails() {
        StringBuilder text = new StringBuilder();
        try (var logs = Files.list(runDir.resolve("logs"))) {
            for (Path log : logs.sorted().toList()) {
                List<String> lines = Files.readAllLines(log);
                text.append("\n--- ").append(log.getFileName()).append('\n').append(String.join("\n",
                        lines.subList(Math.max(0, lines.size() - 12), lines.size())));
            }
        } catch (IOException e) {
            text.append("\n(no logs: ").append(e.getMessage()).append(')');
        }
        return text.toString();
    }
}
