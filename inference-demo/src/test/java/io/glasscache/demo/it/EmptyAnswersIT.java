package io.glasscache.demo.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.glasscache.demo.InferenceDemoApplication;
import io.glasscache.testing.FreePort;
import io.glasscache.testing.MemcachedExtension;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Never an empty screen while an answer is possible (the degradation ladder and the warm-up), against a real
 * memcached: a first request sent before readiness, cold users with nothing to fall back on, cold users while
 * the feature store fails, and many requests at once for one new user while the store is slow.
 */
class EmptyAnswersIT {

    @RegisterExtension
    static final MemcachedExtension memcached = MemcachedExtension.builder().memoryMb(64).build();

    @TempDir
    Path snapshots;

    private final SplittableRandom random = new SplittableRandom(16);

    private ConfigurableApplicationContext start(int port, int managementPort, String... extra) {
        String[] base = {
            "--server.port=" + port,
            "--management.server.port=" + managementPort,
            "--glasscache.memcached.servers=" + memcached.addresses(),
            "--glasscache.failover.snapshot-dir=" + snapshots,
            "--glasscache.failover.snapshot-interval=0s",
            // behaviour, not timing: a store well inside the budget, so that a busy CI machine's stalls, not the
            // simulated latency, are all that can push an answer past the ladder's 250 ms deadline
            "--demo.feature-store.latency-median=5ms",
            "--demo.feature-store.latency-p99=20ms"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return new SpringApplicationBuilder(InferenceDemoApplication.class).run(args);
    }

    private static WebTestClient client(int port) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    private static JsonNode get(WebTestClient client, String query) {
        return client.get().uri("/api/v1/recommendations?" + query).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static int readiness(int managementPort) {
        return client(managementPort).get().uri("/actuator/health/readiness").exchange()
                .returnResult(String.class).getStatus().value();
    }

    /** A valid scene: home, video or one of the thousand destinations, uniformly. */
    private String randomScene() {
        int pick = random.nextInt(1002);
        return pick == 0 ? "home" : pick == 1 ? "video" : "destination:" + (pick - 1);
    }

    /** 200 requests one after another, each from a user never seen; the answers' sources, counted. */
    private Map<String, Integer> coldUsers(WebTestClient client, String prefix) {
        Map<String, Integer> sources = new TreeMap<>();
        for (int i = 0; i < 200; i++) {
            JsonNode body = get(client, "userId=" + prefix + i + "&scene=" + randomScene());
            String source = body.get("source").asText();
            sources.merge(body.has("reason") ? source + ":" + body.get("reason").asText() : source, 1,
                    Integer::sum);
            if (!source.equals("empty")) {
                assertThat(body.get("items")).as("%s answer", source).isNotEmpty();
            }
        }
        return sources;
    }

    @Test
    void aColdProcessAnswersItsFirstRequestAndColdUsersWithoutAnEmptyScreen() throws Exception {
        int port = FreePort.pick();
        int management = FreePort.pick();
        // A failover cache that can hold nothing (every value is over its entry size): only the model can answer.
        // A long warm-up (300 model answers) keeps readiness down while the first request is sent.
        CompletableFuture<ConfigurableApplicationContext> app = CompletableFuture.supplyAsync(() -> start(port,
                management, "--glasscache.failover.max-entry-size=16B", "--demo.warm-up.requests-per-scene=100"));
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                    .until(() -> accepts(port) && accepts(management));
            assertThat(readiness(management)).as("not ready: warming up").isEqualTo(503);
            WebTestClient client = client(port);
            JsonNode first = get(client, "userId=u42&scene=home&page=0&size=10");
            assertThat(first.get("source").asText()).as("the README's first curl").isIn("model", "model-late");
            assertThat(first.get("items")).hasSize(10);

            app.get(120, TimeUnit.SECONDS);
            assertThat(readiness(management)).as("ready once the warm-up is over").isEqualTo(200);
            Map<String, Integer> sources = coldUsers(client, "cold-");
            assertThat(sources.keySet()).as("store healthy, nothing to fall back on")
                    .allMatch(source -> source.equals("model") || source.equals("model-late"));
            assertThat(sources.getOrDefault("model", 0) + sources.getOrDefault("model-late", 0)).isEqualTo(200);
        } finally {
            app.thenAccept(ConfigurableApplicationContext::close).get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void withTheStoreFailingAfterOneWarmAnswerPerSceneGroupNoAnswerIsEmpty() {
        int port = FreePort.pick();
        int management = FreePort.pick();
        try (ConfigurableApplicationContext context = start(port, management, "--demo.warm-up.requests-per-scene=1")) {
            assertThat(readiness(management)).isEqualTo(200); // the warm-up answered home, video and destination:1
            WebTestClient client = client(port);
            client(management).put().uri("/admin/chaos/feature-store").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("errorRate", 1.0)).exchange().expectStatus().isOk();
            Map<String, Integer> sources = coldUsers(client, "down-");
            assertThat(sources.keySet()).as("store failing 100 %%")
                    .allMatch(source -> source.equals("failover") || source.equals("failover-parent"));
            assertThat(sources).containsKeys("failover", "failover-parent");
        }
    }

    /**
     * The third finding, end to end: with every store call 200 ms slower (past the 45 ms budget and the
     * 200 ms a call took to be cut before), 100 concurrent requests for one new user make exactly one user-feature
     * call, counted by the store itself, and none of them gets an empty answer.
     */
    @Test
    void oneNewUserAskedForByManyAtOnceOnASlowStoreCostsOneStoreCall() throws Exception {
        int port = FreePort.pick();
        int management = FreePort.pick();
        try (ConfigurableApplicationContext context = start(port, management, "--demo.warm-up.requests-per-scene=1")) {
            assertThat(readiness(management)).isEqualTo(200);
            client(management).put().uri("/admin/chaos/feature-store").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("latencyMs", 200)).exchange().expectStatus().isOk();
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            double before = userCalls(registry);
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/v1/recommendations?userId=burst-1&scene=home&page=0&size=10"))
                    .timeout(Duration.ofSeconds(30)).build();
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            ObjectMapper json = new ObjectMapper();
            for (CompletableFuture<HttpResponse<String>> answer : answers) {
                assertThat(answer.get().statusCode()).isEqualTo(200);
                JsonNode body = json.readTree(answer.get().body());
                assertThat(body.get("source").asText()).as("an answer to the burst").isNotEqualTo("empty");
                assertThat(body.get("items")).isNotEmpty();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> registry.get("demo.feature.store.busy").gauge()
                    .value() == 0 && userCalls(registry) > before); // the call has ended in the store
            assertThat(userCalls(registry) - before).as("user-feature calls the store made for the burst")
                    .isEqualTo(1.0);
            assertThat(get(client(port), "userId=burst-1&scene=home&page=0&size=10").get("source").asText())
                    .as("the user's next request, once the call is over").isEqualTo("model");
        }
    }

    private static double userCalls(MeterRegistry registry) {
        return registry.find("demo.feature.store.calls").tag("operation", "user").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
