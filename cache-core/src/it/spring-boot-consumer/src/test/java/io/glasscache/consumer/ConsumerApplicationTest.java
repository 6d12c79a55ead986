package io.glasscache.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.glasscache.cache.TieredCache;

/**
 * The application gets its cache, metrics and health from the auto-configuration alone, and while memcached is
 * unreachable its log says so once, not twice a second.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability // Spring Boot tests leave metrics exporters off unless asked; a running app has them
@ExtendWith(OutputCaptureExtension.class)
class ConsumerApplicationTest {

    @DynamicPropertySource
    static void unreachableMemcached(DynamicPropertyRegistry registry) throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort(); // nothing listens there once the socket is closed
        }
        int port = closed;
        registry.add("glasscache.memcached.servers", () -> "127.0.0.1:" + port);
    }

    @Autowired
    TieredCache<String, String> profiles;

    @LocalServerPort
    int port;

    @Test
    void cachesMetricsAndHealthFromPropertiesAlone(CapturedOutput output) throws Exception {
        assertThat(profiles.get("u1").get(5, TimeUnit.SECONDS)).isEqualTo("profile of u1");
        assertThat(profiles.get("u1").get(5, TimeUnit.SECONDS)).isEqualTo("profile of u1");

        WebTestClient web = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(10)).build();
        String metrics = web.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(metrics)
                .contains("model_serving_feature_cache_requests_total{cache_name=\"profiles\",operation=\"get\"} 2")
                .contains("model_serving_feature_cache_hits_total{cache_name=\"profiles\",operation=\"get\",tier=\"l1\"} 1")
                .contains("cache_gets_total{cache=\"profiles\",cache_name=\"profiles\",result=\"hit\"}")
                .contains("resilience4j_circuitbreaker_state{name=\"memcached\"");
        web.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.components.glasscacheL2.status").isEqualTo("DEGRADED");

        // spymemcached retries every second or so: watch the log over a few retries, with L2 in use meanwhile
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(30))
                .until(() -> profiles.get("u" + System.nanoTime()).get(5, TimeUnit.SECONDS) != null);
        String log = output.getAll();
        assertThat(count(log, "unreachable: its keys skip L2")).as("said once").isEqualTo(1);
        assertThat(log).doesNotContain("Reconnecting").doesNotContain("Closing, and reopening");
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
