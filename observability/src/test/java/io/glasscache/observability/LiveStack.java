package io.glasscache.observability;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.glasscache.observability.mixin.GlassCacheMixin;
import io.glasscache.observability.mixin.MixinConfig;
import io.glasscache.testing.FreePort;
import io.glasscache.testing.ManagedProcess;
import io.glasscache.testing.MemcachedOptions;
import io.glasscache.testing.MemcachedServer;
import io.glasscache.testing.PrometheusServer;
import org.awaitility.core.ConditionTimeoutException;

/**
 * memcached, cache-exporter and inference-demo under the demo's load generator, scraped every second by a real
 * Prometheus that evaluates the generated rules (time scale {@value #TIME_SCALE}: the shipped thresholds, windows
 * and {@code for}s 30 times shorter). Everything runs on loopback ports; processes are stopped by their PIDs.
 */
final class LiveStack implements AutoCloseable {

    static final int TIME_SCALE = 30;
    /** Grafana's $__rate_interval for a 1 s scrape interval, rounded up to the rules' shortest window. */
    static final String RATE_INTERVAL = "10s";
    static final String APP_JOB = MixinConfig.defaults().appJob();
    static final String MEMCACHED_JOB = MixinConfig.defaults().memcachedJob();

    private final Path work;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final GlassCacheMixin mixin = new GlassCacheMixin(MixinConfig.defaults().withTimeScale(TIME_SCALE));
    final MemcachedServer memcached;
    final PrometheusServer prometheus;
    private final int appPort;
    private final Path demoJar;

    LiveStack() throws IOException {
        work = Files.createTempDirectory("glasscache-live");
        demoJar = RepoPaths.builtJar("inference-demo", "inference-demo.jar");
        Path exporterJar = RepoPaths.builtJar("cache-exporter", "cache-exporter.jar");
        try {
            memcached = track(MemcachedServer.start(MemcachedOptions.DEFAULTS));

            int exporterPort = FreePort.pick();
            track(ManagedProcess.start("cache-exporter", List.of(java(), "-Xmx32m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-jar", exporterJar.toString(),
                    "--memcached.address=" + memcached.address(),
                    "--web.listen-address=" + FreePort.LOOPBACK + ":" + exporterPort), work.resolve("exporter.log")));

            appPort = FreePort.pick();
            int managementPort = FreePort.pick();
            ManagedProcess demo = track(ManagedProcess.start("inference-demo", List.of(java(), "-Xmx384m",
                    "-XX:MaxGCPauseMillis=20", "-XX:MaxTenuringThreshold=1", "-jar", demoJar.toString(),
                    "--server.address=" + FreePort.LOOPBACK, "--server.port=" + appPort,
                    "--management.server.address=" + FreePort.LOOPBACK, "--management.server.port=" + managementPort,
                    "--glasscache.memcached.servers=" + memcached.address(),
                    "--glasscache.failover.snapshot-dir=" + work.resolve("failover"),
                    "--glasscache.failover.snapshot-interval=2s",
                    "--logging.level.root=WARN", "--logging.level.io.glasscache=WARN"), work.resolve("demo.log")));
            URI ready = URI.create("http://" + FreePort.LOOPBACK + ":" + managementPort + "/actuator/health/readiness");
            awaitOrExplain(Duration.ofSeconds(90), () -> status(ready) == 200, () -> "inference-demo not ready:\n"
                    + demo.logTail());

            Map<String, String> files = mixin.files();
            List<Path> rules = new ArrayList<>();
            for (String name : List.of(GlassCacheMixin.RECORDING_FILE, GlassCacheMixin.ALERTS_FILE)) {
                Path file = work.resolve(name);
                Files.writeString(file, files.get(GlassCacheMixin.RULES + name));
                rules.add(file);
            }
            String host = PrometheusServer.hostFor(PrometheusServer.backend());
            // The exporter scrapes one memcached: its instance label is relabelled to that memcached's address, as
            // the exporter's multi-target setup (docs/exporter.md) labels it and as the app's `server` tag names it.
            prometheus = track(PrometheusServer.start("""
                    global:
                      scrape_interval: 1s
                      scrape_timeout: 900ms
                      evaluation_interval: 1s
                    rule_files: [%s, %s]
                    scrape_configs:
                      - job_name: %s
                        metrics_path: /actuator/prometheus
                        static_configs: [{targets: ['%s:%d']}]
                      - job_name: %s
                        static_configs: [{targets: ['%s:%d']}]
                        relabel_configs:
                          - target_label: instance
                            replacement: '%s'
                    """.formatted(GlassCacheMixin.RECORDING_FILE, GlassCacheMixin.ALERTS_FILE, APP_JOB, host,
                    managementPort, MEMCACHED_JOB, host, exporterPort, memcached.address()), rules,
                    managementPort, exporterPort));
            prometheus.awaitScraped(APP_JOB, Duration.ofSeconds(30));
            prometheus.awaitScraped(MEMCACHED_JOB, Duration.ofSeconds(30));

            // The steady warm load for the whole run: 2000 Zipf users, 5 destinations (every cache soon warm).
            startLoad("warm", Duration.ofMinutes(15), "--users", "2000");
        } catch (RuntimeException | IOException e) {
            close();
            throw e;
        }
    }

    private <T extends AutoCloseable> T track(T resource) {
        started.add(resource);
        return resource;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Starts the demo's open-loop load generator at 100 requests/s for {@code duration}; {@code args} add to or
     * override its flags ({@code --cold-users}). It stops by itself, or when {@link ManagedProcess#close()} is called.
     */
    ManagedProcess startLoad(String label, Duration duration, String... args) {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-cp", demoJar.toString(),
                "-Dloader.main=io.glasscache.demo.loadgen.LoadGenerator",
                "org.springframework.boot.loader.launch.PropertiesLauncher",
                "--target", "http://" + FreePort.LOOPBACK + ":" + appPort, "--rate", "100",
                "--duration", duration.toSeconds() + "s", "--warmup", "1s", "--destinations", "5",
                "--out", work.resolve("loadgen").toString(), "--label", label));
        command.addAll(List.of(args));
        return track(ManagedProcess.start("loadgen-" + label, command, work.resolve("loadgen-" + label + ".log")));
    }

    /** Waits for {@code condition}; on timeout fails with {@code explanation}. */
    static void awaitOrExplain(Duration timeout, java.util.concurrent.Callable<Boolean> condition,
                               java.util.function.Supplier<String> explanation) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(explanation.get(), e);
        }
    }

    private int status(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** An alert as Prometheus' /api/v1/alerts lists it. */
    record Alert(String name, Map<String, String> labels, String state) {

        /** The alert and the label that says what it is about (a cache, a memcached, a breaker). */
        String key() {
            for (String label : List.of("cache_name", "memcached_server", "name")) {
                if (labels.containsKey(label)) {
                    return name + "{" + label + "=" + labels.get(label) + "}";
                }
            }
            return name + "{severity=" + labels.get("severity") + "}";
        }
    }

    List<Alert> alerts() {
        List<Alert> alerts = new ArrayList<>();
        for (JsonNode alert : prometheus.getJson("/api/v1/alerts").path("data").path("alerts")) {
            Map<String, String> labels = new LinkedHashMap<>();
            alert.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            alerts.add(new Alert(labels.get("alertname"), labels, alert.path("state").asText()));
        }
        return alerts;
    }

    Path work() {
        return work;
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("live stack: could not stop " + started.get(i) + ": " + e);
            }
        }
        started.clear();
    }
}
