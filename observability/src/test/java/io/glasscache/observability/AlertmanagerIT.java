package io.glasscache.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasscache.testing.AmtoolRunner;
import io.glasscache.testing.Backend;
import io.glasscache.testing.FreePort;
import io.glasscache.testing.ManagedProcess;
import io.glasscache.testing.ToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/alertmanager/alertmanager.yml: valid for amtool, routes each severity to its receiver, and a live
 * Alertmanager inhibits, per severity, the alerts a down memcached causes on the same server (and only there), and
 * a warning when the same alert is critical.
 */
class AlertmanagerIT {

    private static final Path CONFIG_DIR = RepoPaths.root().resolve("deploy/alertmanager");
    private final AmtoolRunner amtool = new AmtoolRunner();

    @Test
    void theConfigurationIsValid() {
        ToolResult result = amtool.run(CONFIG_DIR, "check-config", "alertmanager.yml");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("4 inhibit rules").contains("3 receivers");
    }

    @Test
    void eachSeverityIsRoutedToItsReceiver() {
        Map<String, String> receivers = Map.of("critical", "glasscache-critical", "warning", "glasscache-warning",
                "info", "glasscache-info");
        receivers.forEach((severity, receiver) -> {
            ToolResult result = amtool.run(CONFIG_DIR, "config", "routes", "test", "--config.file=alertmanager.yml",
                    "--verify.receivers=" + receiver, "alertname=AnyGlassCacheAlert", "severity=" + severity);
            assertThat(result.exitCode()).as(severity + ": " + result.output()).isZero();
            assertThat(result.output().strip()).endsWith(receiver);
        });
        ToolResult wrong = amtool.run(CONFIG_DIR, "config", "routes", "test", "--config.file=alertmanager.yml",
                "--verify.receivers=glasscache-critical", "severity=info");
        assertThat(wrong.exitCode()).as("a wrong expectation fails").isNotZero();
    }

    @Test
    void aLiveAlertmanagerInhibitsWhatADownMemcachedCausesPerSeverity(@TempDir Path dir) throws Exception {
        Path binary = Backend.onPath("prometheus-alertmanager").or(() -> Backend.onPath("alertmanager"))
                .orElseThrow(() -> new IllegalStateException("Alertmanager is needed by this test: apt-get install"
                        + " prometheus-alertmanager"));
        int port = FreePort.pick();
        Files.copy(CONFIG_DIR.resolve("alertmanager.yml"), dir.resolve("alertmanager.yml"));
        try (ManagedProcess alertmanager = ManagedProcess.start("alertmanager:" + port, List.of(binary.toString(),
                "--config.file=" + dir.resolve("alertmanager.yml"), "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=" + FreePort.LOOPBACK + ":" + port, "--cluster.listen-address="),
                dir.resolve("alertmanager.log"))) {
            HttpClient http = HttpClient.newHttpClient();
            URI base = URI.create("http://" + FreePort.LOOPBACK + ":" + port);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> http.send(
                    HttpRequest.newBuilder(base.resolve("/-/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200);

            ArrayNode alerts = Dashboards.JSON.createArrayNode();
            alerts.add(alert("MemcachedDown", "critical", "memcached_server", "mc-a:11211"));
            // One target per severity on the down server, and the same alert on a healthy server.
            alerts.add(alert("HighMemcachedEvictions", "critical", "memcached_server", "mc-a:11211"));
            alerts.add(alert("HighMemcachedEvictions", "critical", "memcached_server", "mc-b:11211"));
            alerts.add(alert("HighL2Latency", "warning", "memcached_server", "mc-a:11211", "server", "mc-a:11211"));
            alerts.add(alert("HighL2Latency", "warning", "memcached_server", "mc-b:11211", "server", "mc-b:11211"));
            alerts.add(alert("MemcachedMemoryNearLimit", "info", "memcached_server", "mc-a:11211"));
            alerts.add(alert("MemcachedMemoryNearLimit", "info", "memcached_server", "mc-b:11211"));
            // The applications' cache-level alerts it causes.
            alerts.add(alert("CacheCircuitOpen", "warning", "name", "memcached"));
            alerts.add(alert("HighCacheMissRate", "warning", "cache_name", "user_features"));
            // Critical silences warning of the same alert; not of another.
            alerts.add(alert("MemcachedConnectionLimitApproaching", "critical", "memcached_server", "mc-c:11211"));
            alerts.add(alert("MemcachedConnectionLimitApproaching", "warning", "memcached_server", "mc-c:11211"));
            alerts.add(alert("FeatureStoreErrors", "warning", "instance", "app-1:8081"));
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(base.resolve("/api/v2/alerts"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(alerts.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);

            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("MemcachedDown/mc-a:11211", "active");
            expected.put("HighMemcachedEvictions/mc-a:11211", "suppressed");
            expected.put("HighMemcachedEvictions/mc-b:11211", "active");
            expected.put("HighL2Latency/mc-a:11211", "suppressed");
            expected.put("HighL2Latency/mc-b:11211", "active");
            expected.put("MemcachedMemoryNearLimit/mc-a:11211", "suppressed");
            expected.put("MemcachedMemoryNearLimit/mc-b:11211", "active");
            expected.put("CacheCircuitOpen/", "suppressed");
            expected.put("HighCacheMissRate/", "suppressed");
            expected.put("MemcachedConnectionLimitApproaching/mc-c:11211/critical", "active");
            expected.put("MemcachedConnectionLimitApproaching/mc-c:11211/warning", "suppressed");
            expected.put("FeatureStoreErrors/", "active");
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(states(http, base)).isEqualTo(expected));
        }
    }

    private static ObjectNode alert(String name, String severity, String... labels) {
        ObjectNode alert = Dashboards.JSON.createObjectNode();
        ObjectNode l = alert.putObject("labels");
        l.put("alertname", name).put("severity", severity).put("job", "glasscache-test");
        for (int i = 0; i < labels.length; i += 2) {
            l.put(labels[i], labels[i + 1]);
        }
        alert.put("startsAt", Instant.now().minusSeconds(60).toString());
        alert.put("endsAt", Instant.now().plusSeconds(600).toString());
        return alert;
    }

    /** Each alert's state (active, suppressed), keyed by name, server and, for two-severity alerts, severity. */
    private static Map<String, String> states(HttpClient http, URI base) throws IOException, InterruptedException {
        String body = http.send(HttpRequest.newBuilder(base.resolve("/api/v2/alerts")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, String> states = new LinkedHashMap<>();
        List<JsonNode> alerts = new ArrayList<>();
        Dashboards.parse(body).forEach(alerts::add);
        for (JsonNode alert : alerts) {
            JsonNode labels = alert.path("labels");
            String key = labels.path("alertname").asText() + "/" + labels.path("memcached_server").asText("");
            if (labels.path("alertname").asText().equals("MemcachedConnectionLimitApproaching")) {
                key += "/" + labels.path("severity").asText();
            }
            states.put(key, alert.path("status").path("state").asText());
        }
        return new java.util.TreeMap<>(states);
    }
}
