package io.glasscache.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.glasscache.testing.FreePort;
import io.glasscache.testing.MemcachedOptions;
import io.glasscache.testing.MemcachedServer;
import io.glasscache.testing.ToolResult;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/local/stack.sh for real, once: the whole stack on free loopback ports and a temporary run directory, beside
 * an unrelated memcached of the test's own. Every Prometheus target comes up, the demo answers, the ring is used
 * (items on every node), a node is killed and answers go on without an error, and {@code down} stops exactly what
 * {@code up} started: none of the stack's processes are left and the unrelated memcached lives on.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class LocalStackIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path runDir;

    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<Integer> ringPorts = new ArrayList<>();
    private MemcachedServer unrelated;

    @BeforeEach
    void ports() {
        for (String jar : List.of("cache-exporter/target/cache-exporter.jar",
                "inference-demo/target/inference-demo.jar")) {
            assertThat(Repo.path(jar)).as("the stack runs the built jars: ./mvnw -DskipTests package first")
                    .exists();
        }
        for (int i = 0; i < 3; i++) {
            ringPorts.add(FreePort.pick());
        }
        env.put("GLASSCACHE_RUN_DIR", runDir.toString());
        env.put("MEMCACHED_PORTS", String.join(" ", ringPorts.stream().map(String::valueOf).toList()));
        for (String knob : List.of("EXPORTER_PORT", "DEMO_PORT", "MANAGEMENT_PORT", "PROMETHEUS_PORT",
                "ALERTMANAGER_PORT", "GRAFANA_PORT")) {
            env.put(knob, String.valueOf(FreePort.pick()));
        }
        env.put("LOADGEN_RATE", "5"); // a light load: the load generator runs, the test's own requests decide
        env.put("START_TIMEOUT", "150");
    }

    @AfterEach
    void cleanUp() {
        try {
            ToolResult down = LocalStack.command(env, "down", Duration.ofSeconds(120));
            if (down.exitCode() != 0) {
                System.err.println("stack.sh down after the test:\n" + down.output());
            }
        } finally {
            if (unrelated != null) {
                unrelated.close();
            }
        }
    }

    @Test
    void upServesThroughTheRingSurvivesALostNodeAndDownStopsExactlyWhatUpStarted() throws Exception {
        unrelated = MemcachedServer.start(MemcachedOptions.DEFAULTS);
        assertThat(unrelated.command("version")).startsWith("VERSION");

        ToolResult up = LocalStack.command(env, "up", Duration.ofSeconds(240));
        assertThat(up.exitCode()).as(up.output() + logs()).isZero();
        Map<String, Long> pids = pids();
        assertThat(pids.keySet()).containsExactlyInAnyOrder("memcached-0", "memcached-1", "memcached-2",
                "cache-exporter", "inference-demo", "alertmanager", "prometheus", "loadgen");

        // up again: nothing new is started
        ToolResult again = LocalStack.command(env, "up", Duration.ofSeconds(120));
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).doesNotContain(" started (PID");
        assertThat(pids()).isEqualTo(pids);
        ToolResult status = LocalStack.command(env, "status");
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).contains("http://127.0.0.1:" + env.get("PROMETHEUS_PORT") + "/targets",
                "http://127.0.0.1:" + env.get("DEMO_PORT") + "/api/v1/recommendations");

        // Prometheus: every target up (the demo, and one per ring node through the exporter), the rules loaded,
        // the local Alertmanager in use
        String prometheus = "http://127.0.0.1:" + env.get("PROMETHEUS_PORT");
        Map<String, String> targets = new TreeMap<>();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            targets.clear();
            for (JsonNode t : getJson(prometheus + "/api/v1/targets").path("data").path("activeTargets")) {
                targets.put(t.path("labels").path("job").asText() + " " + t.path("labels").path("instance")
                        .asText(), t.path("health").asText());
            }
            return targets.size() == 4 && targets.values().stream().allMatch("up"::equals);
        });
        Map<String, String> expected = new TreeMap<>();
        expected.put("inference-demo 127.0.0.1:" + env.get("MANAGEMENT_PORT"), "up");
        ringPorts.forEach(port -> expected.put("memcached 127.0.0.1:" + port, "up"));
        assertThat(targets).isEqualTo(expected);
        int rules = 0;
        for (JsonNode group : getJson(prometheus + "/api/v1/rules").path("data").path("groups")) {
            rules += group.path("rules").size();
        }
        assertThat(rules).isEqualTo(MonitoringConfigIT.rulesInRepository());
        assertThat(getJson(prometheus + "/api/v1/alertmanagers").path("data").path("activeAlertmanagers")
                .toString()).contains("127.0.0.1:" + env.get("ALERTMANAGER_PORT"));

        // A recommendation, then enough users that the L2 ring holds items on every node.
        JsonNode answer = recommend("u1");
        assertThat(answer.path("items").size()).as(answer.toString()).isPositive();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (int user = 0; user < 50; user++) {
                recommend("u" + user);
            }
            return ringPorts.stream().allMatch(port -> currentItems(port) > 0);
        });

        // Lose a node (kill -9 by the PID the stack recorded): every answer still comes, none is an error.
        long killed = pids.get("memcached-1");
        ProcessHandle.of(killed).ifPresent(ProcessHandle::destroyForcibly);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(killed)
                .map(p -> !p.isAlive()).orElse(true) && !FreePort.accepting("127.0.0.1", ringPorts.get(1)));
        int answered = 0;
        for (int user = 1000; user < 1300; user++) { // bounded: 300 requests, one at a time
            JsonNode after = recommend("u" + user);
            assertThat(after.path("userId").asText()).isEqualTo("u" + user);
            answered++;
        }
        assertThat(answered).isEqualTo(300);
        ToolResult degraded = LocalStack.command(env, "status");
        assertThat(degraded.exitCode()).isNotZero();
        assertThat(degraded.output()).containsPattern("memcached-1\\s+-\\s+stopped");

        // down: every process up started is gone, by its recorded PID; the unrelated memcached is not touched
        ToolResult down = LocalStack.command(env, "down", Duration.ofSeconds(120));
        assertThat(down.exitCode()).as(down.output()).isZero();
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(pids.entrySet())
                .allSatisfy(e -> assertThat(ProcessHandle.of(e.getValue()).map(ProcessHandle::isAlive)
                        .orElse(false)).as(e.getKey()).isFalse()));
        assertThat(ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                .filter(cmd -> cmd.contains(runDir.toString()) || ringPorts.stream()
                        .anyMatch(port -> cmd.contains("-p " + port + " ")))).isEmpty();
        assertThat(unrelated.isRunning()).isTrue();
        assertThat(unrelated.command("version")).startsWith("VERSION");
        // the demo wrote its last failover snapshot on the way down
        try (var snapshots = Files.list(runDir.resolve("failover"))) {
            assertThat(snapshots.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith(".snap"));
        }
    }

    private JsonNode recommend(String user) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + env.get("DEMO_PORT") + "/api/v1/recommendations?userId=" + user + "&scene=home"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode getJson(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /** {@code stats} curr_items of the ring node on {@code port}. */
    private static long currentItems(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(2000);
            socket.getOutputStream().write("stats\r\nquit\r\n".getBytes(StandardCharsets.US_ASCII));
            String stats = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            Matcher m = Pattern.compile("STAT curr_items (\\d+)").matcher(stats);
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The PIDs the stack recorded, by service. */
    private Map<String, Long> pids() throws IOException {
        Map<String, Long> pids = new TreeMap<>();
        try (var files = Files.list(runDir.resolve("pids"))) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString().replace(".pid", "");
                pids.put(name, Long.parseLong(Files.readString(file).split("\t")[0].trim()));
            }
        }
        return pids;
    }

    private String logs() {
        StringBuilder text = new StringBuilder();
        try (var files = Files.list(runDir.resolve("logs"))) {
            for (Path log : files.toList()) {
                List<String> lines = Files.readAllLines(log);
                text.append("\n--- ").append(log.getFileName()).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
            }
        } catch (IOException e) {
            text.append("\n(no logs: ").append(e.getMessage()).append(')');
        }
        return text.toString();
    }
}
