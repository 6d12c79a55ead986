package io.glasscache.demo.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.glasscache.demo.InferenceDemoApplication;
import io.glasscache.testing.MemcachedExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Graceful shutdown writes a failover snapshot; the next start restores it, so failover screens are served before
 * the first model response succeeds. Two application runs in one JVM sharing a snapshot directory.
 */
class SnapshotRestartIT {

    @RegisterExtension
    static final MemcachedExtension memcached = MemcachedExtension.builder().memoryMb(64).build();

    @TempDir
    Path snapshots;

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(InferenceDemoApplication.class).run(
                "--server.port=0",
                "--management.server.port=0",
                "--glasscache.memcached.servers=" + memcached.addresses(),
                "--glasscache.failover.snapshot-dir=" + snapshots,
                "--glasscache.failover.snapshot-interval=0s", // only the shutdown snapshot counts here
                "--demo.warm-up.enabled=false", // only the screens this test records are in the failover cache
                "--demo.feature-store.latency-median=2ms",
                "--demo.feature-store.latency-p99=5ms");
    }

    private static WebTestClient client(ConfigurableApplicationContext context) {
        return client(context, "local.server.port");
    }

    /** The chaos controls, on the management port. */
    private static WebTestClient admin(ConfigurableApplicationContext context) {
        return client(context, "local.management.port");
    }

    private static WebTestClient client(ConfigurableApplicationContext context, String portProperty) {
        String port = context.getEnvironment().getProperty(portProperty);
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(10)).build();
    }

    private static JsonNode get(WebTestClient client, String query) {
        return client.get().uri("/api/v1/recommendations?" + query).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    @Test
    void failoverIsServedFromTheSnapshotAfterARestart() throws Exception {
        List<JsonNode> served = new ArrayList<>();
        String firstUser = null;
        try (ConfigurableApplicationContext first = start()) {
            WebTestClient client = client(first);
            for (int attempt = 0; attempt < 60 && served.size() < 4; attempt++) {
                JsonNode body = get(client, "userId=u" + attempt + "&scene=home&size=4");
                String source = body.get("source").asText();
                if (source.equals("model") || source.equals("model-late")) { // both are recorded
                    served.add(body.get("items"));
                    firstUser = firstUser == null ? "u" + attempt : firstUser;
                }
            }
            assertThat(served).hasSize(4);
            assertThat(snapshotFiles()).as("no periodic snapshot yet").isEmpty();
        } // close = graceful shutdown: the failover cache drains and writes its final snapshot
        assertThat(snapshotFiles()).isNotEmpty();

        memcached.server().command("flush_all"); // nothing left to help the model path in L2 either
        try (ConfigurableApplicationContext second = start()) {
            WebTestClient client = client(second);
            admin(second).put().uri("/admin/chaos/feature-store").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("errorRate", 1.0)).exchange().expectStatus().isOk();
            JsonNode body = get(client, "userId=" + firstUser + "&scene=home&size=4");
            assertThat(body.get("source").asText()).isEqualTo("failover");
            assertThat(served).as("a screen recorded before the restart").contains(body.get("items"));

            admin(second).delete().uri("/admin/chaos/feature-store").exchange().expectStatus().isOk();
            String user = firstUser;
            JsonNode recovered = await().atMost(Duration.ofSeconds(15)) // until the store's breaker lets calls through
                    .until(() -> get(client, "userId=" + user + "&scene=home&size=4"),
                            answer -> answer.get("source").asText().equals("model"));
            assertThat(recovered.get("items")).isEqualTo(served.get(0));
        }
    }

    private List<Path> snapshotFiles() throws IOException {
        if (!Files.isDirectory(snapshots)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(snapshots)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".snap")).toList();
        }
    }
}
