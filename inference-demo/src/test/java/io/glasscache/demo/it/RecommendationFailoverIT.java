package io.glasscache.demo.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.glasscache.cache.FailoverCache;
import io.glasscache.demo.loadgen.LoadGenerator;
import io.glasscache.demo.loadgen.LoadOptions;
import io.glasscache.demo.loadgen.LoadReport;
import io.glasscache.demo.recommend.Screen;
import io.glasscache.testing.MemcachedExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The demo against a real memcached: L2 in use, failover under store errors, exhausted pages, fuzzed input. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "demo.feature-store.latency-median=2ms",
        "demo.feature-store.latency-p99=5ms",
        "management.server.port=0",
        // this class is about behaviour, not L2 timing: keep a busy CI machine from opening the L2 breaker
        "glasscache.memcached.operation-timeout=250ms"})
class RecommendationFailoverIT {

    @RegisterExtension
    static final MemcachedExtension memcached = MemcachedExtension.builder().memoryMb(64).build();

    @TempDir
    static Path snapshots;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("glasscache.memcached.servers", memcached::addresses);
        registry.add("glasscache.failover.snapshot-dir", () -> snapshots.toString());
    }

    @Autowired
    WebTestClient client;

    @Autowired
    FailoverCache<Screen> screens;

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    /** The chaos controls, on the management port. */
    private WebTestClient admin() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).build();
    }

    @AfterEach
    void resetChaos() {
        admin().delete().uri("/admin/chaos/feature-store").exchange().expectStatus().isOk();
    }

    private JsonNode get(String query) {
        return client.get().uri("/api/v1/recommendations?" + query).exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private void chaos(double errorRate) {
        admin().put().uri("/admin/chaos/feature-store").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("errorRate", errorRate)).exchange().expectStatus().isOk();
    }

    /** Model answers for a few users of the scene, so that good screens are recorded. */
    private List<JsonNode> warm(String scene) {
        List<JsonNode> answers = new ArrayList<>();
        for (int attempt = 0; attempt < 60 && answers.size() < 5; attempt++) {
            JsonNode body = get("userId=u" + attempt + "&scene=" + scene + "&size=5");
            if (body.get("source").asText().equals("model")) {
                answers.add(body);
            }
        }
        assertThat(answers).as("model answers for %s", scene).hasSize(5);
        assertThat(screens.awaitDrained(Duration.ofSeconds(10))).isTrue();
        return answers;
    }

    @Test
    void featuresAreSharedThroughMemcached() {
        warm("home");
        // L2 writes are asynchronous: wait (bounded) until the 300 item features of "home" have landed
        Map<String, String> stats = await().atMost(Duration.ofSeconds(15))
                .until(() -> stats(memcached.server().command("stats")),
                        s -> Long.parseLong(s.get("curr_items")) > 300);
        assertThat(Long.parseLong(stats.get("cmd_set"))).isGreaterThan(300);
    }

    @Test
    void failoverScreensAreServedWhileTheStoreFails() {
        List<JsonNode> good = warm("destination:7");
        List<JsonNode> goodItems = good.stream().map(b -> b.get("items")).toList();

        chaos(1.0);
        for (int i = 0; i < 30; i++) {
            // users never seen: their features are in no tier, so the model path must fail
            JsonNode body = get("userId=fresh-" + i + "&scene=destination:7&size=5");
            assertThat(body.get("source").asText()).isEqualTo("failover");
            assertThat(body.get("exhausted").asBoolean()).isFalse();
            assertThat(body.get("items")).hasSize(5);
            assertThat(goodItems).as("a recorded last-good screen").contains(body.get("items"));
        }
        // a destination never served falls back on its group's last-good screens (any destination's)
        JsonNode cold = get("userId=fresh-x&scene=destination:999&size=5");
        assertThat(cold.get("source").asText()).isEqualTo("failover-parent");
        assertThat(cold.get("items")).hasSize(5);
    }

    @Test
    void exhaustedPagesAreAnsweredWithoutFailoverEvenWhenTheStoreFails() {
        warm("video");
        chaos(1.0);
        JsonNode past = get("userId=fresh-1&scene=video&page=40&size=5");
        assertThat(past.get("exhausted").asBoolean()).isTrue();
        assertThat(past.get("items")).isEmpty();
        assertThat(past.get("source").asText()).isEqualTo("model");
    }

    @Test
    void noServerErrorUnderABurstOfFuzzedInput() throws Exception {
        SplittableRandom random = new SplittableRandom(2026);
        String[] names = {"userId", "scene", "page", "size", "x", "userId", "scene"};
        String[] raw = {"%", "%zz", "%C0%80", "%FF%FE", "%ED%A0%80", "%00", "%0D%0A", "%E2%80%AE", "..%2F..",
                "home", "video", "destination:", "destination:-1", "destination:1e3", "u1", "-0", "+5", "2147483648",
                "%F0%9F%98%80", "a%2Cb", "%7F", "%C2%85"};
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < 400; i++) {
            StringBuilder query = new StringBuilder();
            int params = random.nextInt(6);
            for (int p = 0; p < params; p++) {
                if (p > 0) {
                    query.append(random.nextInt(10) == 0 ? ";" : "&");
                }
                query.append(names[random.nextInt(names.length)]);
                if (random.nextInt(8) != 0) {
                    query.append('=');
                }
                int parts = random.nextInt(4);
                for (int k = 0; k < parts; k++) {
                    query.append(random.nextBoolean() ? raw[random.nextInt(raw.length)] : encodedBytes(random));
                }
                if (random.nextInt(30) == 0) {
                    query.append("a".repeat(random.nextInt(100, 5_000)));
                }
            }
            int status = RawHttp.status(port, "/api/v1/recommendations?" + query);
            statuses.merge(status, 1, Integer::sum);
            String shown = query.length() > 200 ? query.substring(0, 200) + "..." : query.toString();
            // 400 from validation, or 414 from the HTTP server for a request line over its limit
            assertThat(status).as("status for ?%s", shown).isIn(200, 400, 414);
        }
        assertThat(statuses.get(400)).isGreaterThan(100);
        // and the service still answers
        assertThat(get("userId=u1&scene=home").get("scene").asText()).isEqualTo("home");
    }

    /** Enough requests that the load generator's own HTTP client keeps its connections alive and reuses them. */
    @Test
    void loadGeneratorRunsOpenLoopAndWritesItsReport(@TempDir Path out) throws Exception {
        LoadOptions options = LoadOptions.parse("--target", "http://127.0.0.1:" + port, "--rate", "200",
                "--duration", "3s", "--warmup", "1s", "--timeout", "5s", "--users", "100000",
                "--out", out.toString(), "--label", "it");
        java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
        LoadReport report = new LoadGenerator(options, new java.io.PrintStream(console, true)).run();
        LoadGenerator.write(report, out);

        assertThat(report.sent()).isEqualTo(600);
        assertThat(report.completed()).isEqualTo(600);
        assertThat(report.errors()).isZero();
        assertThat(report.model() + report.modelLate() + report.failover() + report.failoverParent() + report.empty()
                + report.exhausted()).isEqualTo(600);
        assertThat(report.timeline()).isNotEmpty();
        assertThat(report.p99()).isGreaterThanOrEqualTo(report.p50()).isGreaterThan(0);
        assertThat(report.model()).isPositive(); // the split by source covers the model's answers, within the whole
        assertThat(report.modelP99()).isPositive().isLessThanOrEqualTo(report.max());
        assertThat(report.failoverP99()).isLessThanOrEqualTo(report.max());
        assertThat(report.failover() + report.failoverParent() > 0).isEqualTo(report.failoverP99() > 0);
        assertThat(report.modelLate() > 0).isEqualTo(report.lateP99() > 0);
        assertThat(console.toString()).contains("[  1s] rate=").contains("summary it:")
                .contains("p99 of model answers").contains("host CPU stolen by the hypervisor: ");
        if (java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/stat"))) { // Linux: steal is measured
            assertThat(report.hostStealPercent()).isBetween(0.0, 100.0);
            // every full second; the last, partial one may be too short for the kernel's counters to move
            List<LoadReport.Second> full = report.timeline().subList(0, report.timeline().size() - 1);
            assertThat(full).isNotEmpty().allSatisfy(s -> assertThat(s.hostStealPercent()).isBetween(0.0, 100.0));
            assertThat(console.toString()).contains(" steal=").contains("% of the run");
        } else {
            assertThat(report.hostStealPercent()).isNull();
        }
        assertThat(out.resolve("it.json")).isNotEmptyFile();
        assertThat(javax.imageio.ImageIO.read(out.resolve("it.png").toFile()).getWidth()).isEqualTo(1100);
    }

    private static String encodedBytes(SplittableRandom random) {
        byte[] bytes = new byte[random.nextInt(1, 12)];
        random.nextBytes(bytes);
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append('%').append(String.format("%02X", b & 0xFF));
        }
        return random.nextInt(5) == 0 ? out.toString() : new String(bytes, StandardCharsets.ISO_8859_1)
                .replaceAll("[^A-Za-z0-9_.~-]", "") + out;
    }

    private static Map<String, String> stats(String output) {
        Map<String, String> stats = new TreeMap<>();
        for (String line : output.split("\r?\n")) {
            String[] parts = line.split(" ");
            if (parts.length >= 3 && parts[0].equals("STAT")) {
                stats.put(parts[1], parts[2]);
            }
        }
        return stats;
    }
}
