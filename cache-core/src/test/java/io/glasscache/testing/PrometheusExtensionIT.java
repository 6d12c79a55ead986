package io.glasscache.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Prometheus really scrapes a target the test serves, evaluates a rule file over it, and answers queries. */
class PrometheusExtensionIT {

    private static final AtomicInteger SCRAPES = new AtomicInteger();
    private static final HttpServer TARGET = startTarget();

    @RegisterExtension
    static final PrometheusExtension prometheus = PrometheusExtension.builder()
            .config(() -> """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    rule_files: [fixture-rules.yml]
                    scrape_configs:
                      - job_name: fixture
                        static_configs:
                          - targets: ['%s:%d']
                    """.formatted(PrometheusServer.hostFor(PrometheusServer.backend()), TARGET.getAddress().getPort()))
            .ruleFile(writeRules())
            .hostPorts(() -> new int[] {TARGET.getAddress().getPort()})
            .build();

    private static HttpServer startTarget() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(FreePort.LOOPBACK, 0), 0);
            server.createContext("/metrics", exchange -> {
                int n = SCRAPES.incrementAndGet();
                byte[] body = ("# TYPE fixture_requests_total counter\nfixture_requests_total{path=\"/a\"} "
                        + (n * 10) + "\n").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path writeRules() {
        try {
            Path file = Files.createTempDirectory("rules").resolve("fixture-rules.yml");
            Files.writeString(file, """
                    groups:
                      - name: fixture
                        rules:
                          - record: fixture:requests:doubled
                            expr: fixture_requests_total * 2
                    """);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopTarget() {
        TARGET.stop(0);
    }

    @Test
    void scrapesTheTargetAndEvaluatesRules() {
        PrometheusServer server = prometheus.server();
        assertThat(server.awaitScraped("fixture", Duration.ofSeconds(30))).isEqualTo(1.0);
        assertThat(SCRAPES.get()).isPositive();

        List<PrometheusServer.Sample> raw = server.awaitSamples("fixture_requests_total", Duration.ofSeconds(10));
        assertThat(raw).singleElement().satisfies(s -> {
            assertThat(s.labels()).containsEntry("path", "/a").containsEntry("job", "fixture");
            assertThat(s.value() % 10).isZero();
        });
        List<PrometheusServer.Sample> recorded =
                server.awaitSamples("fixture:requests:doubled", Duration.ofSeconds(15));
        assertThat(recorded.get(0).value() % 20).isZero();
        assertThat(server.getJson("/api/v1/rules").path("data").path("groups").get(0).path("name").asText())
                .isEqualTo("fixture");
    }
}
