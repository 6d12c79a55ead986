package io.glasscache.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPInputStream;

import io.glasscache.testing.MemcachedExtension;
import io.glasscache.testing.PrometheusServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The exporter as Prometheus scrapes it: Prometheus asks first for OpenMetrics and always for gzip, so this is the
 * path production takes. A real Prometheus must take every sample of it, and a request with Prometheus' own
 * headers must get the gzipped OpenMetrics exposition (client_java's writer) with the same samples as the plain
 * text one.
 */
class PrometheusScrapeIT {

    @RegisterExtension
    static final MemcachedExtension MEMCACHED = MemcachedExtension.builder().memoryMb(64).build();

    @Test
    void prometheusHeadersGetGzippedOpenMetricsWithTheSamplesOfThePlainText() throws Exception {
        GoldenCaptureIT.fill(MEMCACHED.server(), 20);
        try (ExporterHttp exporter = exporter()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + exporter.server.port() + "/metrics")).timeout(Duration.ofSeconds(10));
            ExporterHttp.PROMETHEUS_HEADERS.forEach(request::header);
            HttpResponse<byte[]> response = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofByteArray());

            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
            assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
            String openMetrics;
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
                openMetrics = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertThat(openMetrics).endsWith("\n# EOF\n").contains("# TYPE memcached_commands counter\n");
            String text = exporter.get("/metrics").body();
            assertThat(sampleNames(openMetrics)).hasSizeGreaterThan(500).isEqualTo(sampleNames(text));
        }
    }

    @Test
    void aRealPrometheusTakesEverySample() throws Exception {
        GoldenCaptureIT.fill(MEMCACHED.server(), 20);
        try (ExporterHttp exporter = exporter()) {
            int expected = sampleNames(exporter.get("/metrics").body()).size();
            int port = exporter.server.port();
            String host = PrometheusServer.hostFor(PrometheusServer.backend());
            try (PrometheusServer prometheus = PrometheusServer.start("""
                    global:
                      scrape_interval: 1s
                    scrape_configs:
                      - job_name: memcached
                        static_configs: [{targets: ['%s:%d']}]
                    """.formatted(host, port), List.of(), port)) {
                assertThat(prometheus.awaitScraped("memcached", Duration.ofSeconds(30))).isEqualTo(1.0);
                assertThat(prometheus.query("scrape_samples_scraped{job=\"memcached\"}").get(0).value())
                        .isEqualTo(expected);
                assertThat(prometheus.query("memcached_up{job=\"memcached\"}").get(0).value()).isEqualTo(1.0);
                assertThat(prometheus.query("memcached_slab_chunk_size_bytes{job=\"memcached\"}"))
                        .hasSizeGreaterThanOrEqualTo(20);
                assertThat(prometheus.query("memcached_exporter_build_info{job=\"memcached\"}")).hasSize(1);
                assertThat(prometheus.query("memcached_commands_total{job=\"memcached\",command=\"set\"}"))
                        .isNotEmpty();
            }
        }
    }

    private static ExporterHttp exporter() throws Exception {
        return ExporterHttp.of(MEMCACHED.server().address());
    }

    /** Sample names with their labels, in order; comments and {@code # EOF} left out. */
    private static List<String> sampleNames(String exposition) {
        return exposition.lines().filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.substring(0, line.lastIndexOf(' '))).toList();
    }
}
