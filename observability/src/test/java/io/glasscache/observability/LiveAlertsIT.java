package io.glasscache.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.glasscache.cache.TieredCache;
import io.glasscache.cache.codec.ValueCodec;
import io.glasscache.cache.MemcachedTier;
import io.glasscache.exporter.MemcachedCollector;
import io.glasscache.testing.FreePort;
import io.glasscache.testing.MemcachedExtension;
import io.glasscache.testing.MemcachedServer;
import io.glasscache.testing.PrometheusServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The alert rules over live data: a real TieredCache and the real exporter in front of a real memcached, scraped by
 * a real Prometheus that evaluates deploy/prometheus/rules. Bad caches make their alerts pending (the rules'
 * {@code for:} keeps them from firing within a test), good ones stay quiet.
 */
class LiveAlertsIT {

    @RegisterExtension
    static final MemcachedExtension memcached = MemcachedExtension.builder().memoryMb(8).build();

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    @Test
    void badCachesAndAnEvictingMemcachedMakeTheirAlertsPendingWhileGoodOnesStayQuiet() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MemcachedTier l2 = track(MemcachedTier.builder().servers(memcached.addresses())
                .operationTimeout(Duration.ofMillis(200)).recordStats(io.glasscache.cache.micrometer.MicrometerStats.of(registry)).build());
        Executor slowSource = CompletableFuture.delayedExecutor(150, TimeUnit.MILLISECONDS);
        TieredCache<Long, String> hot = track(cache("hot", l2, registry, CompletableFuture::completedFuture));
        TieredCache<Long, String> cold = track(cache("cold", l2, registry, CompletableFuture::completedFuture));
        TieredCache<Long, String> slow = track(cache("slow", l2, registry,
                value -> CompletableFuture.supplyAsync(() -> value, slowSource)));

        MemcachedCollector exporter = track(MemcachedCollector.builder().target(memcached.server().address())
                .timeout(Duration.ofSeconds(1)).build());
        io.prometheus.metrics.model.registry.PrometheusRegistry exporterRegistry =
                new io.prometheus.metrics.model.registry.PrometheusRegistry();
        exporterRegistry.register(exporter);

        HttpServer app = serve(registry::scrape);
        HttpServer memcachedMetrics = serve(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                new PrometheusTextFormatWriter(false).write(out, exporterRegistry.scrape());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toString(StandardCharsets.UTF_8);
        });
        String host = PrometheusServer.hostFor(PrometheusServer.backend());
        PrometheusServer prometheus = track(PrometheusServer.start("""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: [glasscache-alerts.yml]
                scrape_configs:
                  - job_name: app
                    static_configs: [{targets: ['%s:%d']}]
                  - job_name: memcached
                    static_configs: [{targets: ['%s:%d']}]
                """.formatted(host, app.getAddress().getPort(), host, memcachedMetrics.getAddress().getPort()),
                List.of(RepoPaths.rules().resolve("glasscache-alerts.yml")),
                app.getAddress().getPort(), memcachedMetrics.getAddress().getPort()));
        assertThat(prometheus.awaitScraped("app", Duration.ofSeconds(30))).isEqualTo(1.0);
        assertThat(prometheus.awaitScraped("memcached", Duration.ofSeconds(30))).isEqualTo(1.0);
        prometheus.awaitSamples("memcached_items_evicted_total", Duration.ofSeconds(15));

        // Traffic: hot reads one key (L1 hits), cold and slow read new keys (every get misses; slow's loads
        // take 150 ms). Bounded: 12 s at most, then the loop stops by itself.
        fillUntilEvicting(memcached.server());
        AtomicLong next = new AtomicLong(1_000_000);
        long until = System.nanoTime() + Duration.ofSeconds(12).toNanos();
        List<String> pending = List.of();
        while (System.nanoTime() < until) {
            for (int i = 0; i < 20; i++) {
                hot.get(1L).get(2, TimeUnit.SECONDS);
                cold.get(next.incrementAndGet()).get(2, TimeUnit.SECONDS);
            }
            slow.get(next.incrementAndGet()).get(2, TimeUnit.SECONDS);
            fillUntilEvicting(memcached.server());
            pending = pendingAlerts(prometheus);
            if (pending.containsAll(List.of("HighCacheMissRate/cold", "HighP99CacheLatency/slow",
                    "HighMemcachedEvictions/" + host + ":" + memcachedMetrics.getAddress().getPort()))) {
                break;
            }
        }
        assertThat(pending).contains("HighCacheMissRate/cold", "HighCacheMissRate/slow",
                "HighP99CacheLatency/slow",
                "HighMemcachedEvictions/" + host + ":" + memcachedMetrics.getAddress().getPort());
        assertThat(pending).doesNotContain("HighCacheMissRate/hot", "HighP99CacheLatency/hot",
                "HighP99CacheLatency/cold");
    }

    /** Alerts currently pending or firing, as "name/cache_name" (or "name/instance" for memcached alerts). */
    private static List<String> pendingAlerts(PrometheusServer prometheus) {
        List<String> alerts = new ArrayList<>();
        for (JsonNode alert : prometheus.getJson("/api/v1/alerts").path("data").path("alerts")) {
            JsonNode labels = alert.path("labels");
            String subject = labels.has("cache_name") ? labels.path("cache_name").asText()
                    : labels.path("instance").asText();
            alerts.add(labels.path("alertname").asText() + "/" + subject);
        }
        return alerts;
    }

    private static TieredCache<Long, String> cache(String name, MemcachedTier l2, PrometheusMeterRegistry registry,
                                                   java.util.function.Function<String, CompletableFuture<String>> source) {
        return TieredCache.<Long, String>builder(name)
                .keyToString(String::valueOf)
                .codec(ValueCodec.json(String.class))
                .l1MaximumSize(10_000)
                .l2(l2)
                .ttl(Duration.ofMinutes(5))
                .loadTimeout(Duration.ofSeconds(1))
                .loader(key -> source.apply("v" + key))
                .recordStats(io.glasscache.cache.micrometer.MicrometerStats.of(registry))
                .build();
    }

    /** Pipelines 1 KB sets into an 8 MB memcached until it has to evict. */
    private static void fillUntilEvicting(MemcachedServer server) throws IOException {
        byte[] value = new byte[1000];
        Arrays.fill(value, (byte) 'x');
        try (Socket socket = new Socket()) {
            socket.connect(server.socketAddress(), 1000);
            OutputStream out = socket.getOutputStream();
            long base = System.nanoTime();
            for (int i = 0; i < 4_000; i++) {
                out.write(("set fill-" + base + "-" + i + " 0 0 1000 noreply\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(value);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("version\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoTimeout(5000);
            socket.getInputStream().read(new byte[64]); // VERSION: every set before it was processed
        }
    }

    private HttpServer serve(Supplier<String> body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(FreePort.LOOPBACK, 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        closeables.add(() -> server.stop(0));
        return server;
    }

    private <T extends AutoCloseable> T track(T closeable) {
        closeables.add(closeable);
        return closeable;
    }
}
