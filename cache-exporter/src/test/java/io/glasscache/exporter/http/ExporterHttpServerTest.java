package io.glasscache.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import io.glasscache.exporter.Golden;
import io.glasscache.exporter.RawHttp;
import io.glasscache.exporter.mapping.Family;
import io.glasscache.exporter.mapping.Samples;
import io.glasscache.exporter.stats.MemcachedAddress;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP side over real loopback sockets, serving fixed samples (memcached is in the ITs): paths and methods,
 * the formats and gzip client_java negotiates, keep-alive, Prometheus' timeout header, the 503 past
 * {@code --web.max-requests}, and the checks of {@code /scrape}.
 */
class ExporterHttpServerTest {

    private static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final FakeScrapes scrapes = new FakeScrapes();
    private final List<ExporterHttpServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        scrapes.release.countDown();
        servers.forEach(ExporterHttpServer::close);
    }

    private ExporterHttpServer start(int maxRequests, String... allowed) throws Exception {
        ExporterHttpServer server = ExporterHttpServer.start(new HttpSettings("127.0.0.1", 0, "/metrics", "/scrape",
                maxRequests, Duration.ofSeconds(5), List.of(allowed), null), scrapes);
        servers.add(server);
        return server;
    }

    private static HttpResponse<byte[]> send(ExporterHttpServer server, String method, String path, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void writesTheFormatTheAcceptHeaderAsksForAndGzipWhenAllowed() throws Exception {
        ExporterHttpServer server = start(8);
        HttpResponse<byte[]> plain = send(server, "GET", "/metrics");
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Type")).hasValue(TEXT);
        assertThat(plain.headers().firstValue("Content-Length")).hasValue(Integer.toString(plain.body().length));
        assertThat(Golden.samples(text(plain))).containsEntry("memcached_up", 1.0)
                .containsEntry("memcached_connections_total", 5.0);

        HttpResponse<byte[]> openMetrics = send(server, "GET", "/metrics", "Accept",
                "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
        assertThat(openMetrics.headers().firstValue("Content-Type")).hasValue(OPENMETRICS);
        assertThat(text(openMetrics)).endsWith("# EOF\n").contains("# TYPE memcached_connections counter");

        HttpResponse<byte[]> protobuf = send(server, "GET", "/metrics", "Accept",
                "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited");
        assertThat(protobuf.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/vnd.google.protobuf"));
        assertThat(protobuf.body()).isNotEmpty();

        HttpResponse<byte[]> gzip = send(server, "GET", "/metrics", "Accept-Encoding", "gzip");
        assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(plain.body());
        }
    }

    @Test
    void headGetsTheLengthOnlyAndOtherMethodsAndPathsAreRefused() throws Exception {
        ExporterHttpServer server = start(8);
        for (String encoding : new String[] {"identity", "gzip"}) {
            HttpResponse<byte[]> head = send(server, "HEAD", "/metrics", "Accept-Encoding", encoding);
            assertThat(head.statusCode()).as(encoding).isEqualTo(200);
            assertThat(head.headers().firstValue("Content-Length")).as(encoding).hasValueSatisfying(length ->
                    assertThat(Integer.parseInt(length)).isGreaterThan(100));
            assertThat(head.body()).isEmpty();
        }
        HttpResponse<byte[]> post = send(server, "POST", "/metrics");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(post.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        for (String path : new String[] {"/nope", "/metricsx", "/metrics/", "/scrapes"}) {
            HttpResponse<byte[]> missing = send(server, "GET", path);
            assertThat(missing.statusCode()).as(path).isEqualTo(404);
            assertThat(text(missing)).contains("\"status\":404");
        }
        assertThat(text(send(server, "GET", "/"))).contains("<a href=\"/metrics\">").contains("fake scrapes");
        assertThat(scrapes.budgets).as("scrapes run: the HEAD requests' only").hasSize(2);
    }

    @Test
    void oneConnectionServesRequestAfterRequest() throws Exception {
        ExporterHttpServer server = start(8);
        try (RawHttp connection = RawHttp.connect(server.port())) {
            for (int i = 0; i < 3; i++) {
                RawHttp.Response response = connection.get("/metrics").read(false);
                assertThat(response.status()).isEqualTo(200);
                assertThat(Golden.samples(response.text())).containsEntry("memcached_up", 1.0);
            }
        }
        assertThat(scrapes.budgets).hasSize(3);
    }

    @Test
    void prometheusTimeoutHeaderShortensTheBudgetAndAMalformedOneIsABadRequest() throws Exception {
        ExporterHttpServer server = start(8);
        assertThat(send(server, "GET", "/metrics", ScrapeHandler.TIMEOUT_HEADER, "2").statusCode()).isEqualTo(200);
        assertThat(send(server, "GET", "/metrics", ScrapeHandler.TIMEOUT_HEADER, "30").statusCode()).isEqualTo(200);
        assertThat(scrapes.budgets).containsExactly(Duration.ofMillis(1800), Duration.ofSeconds(5));

        HttpResponse<byte[]> bad = send(server, "GET", "/metrics", ScrapeHandler.TIMEOUT_HEADER, "soon");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(text(bad)).contains(ScrapeHandler.TIMEOUT_HEADER);
        assertThat(scrapes.budgets).hasSize(2);
    }

    @Test
    void pastMaxRequestsScrapesGet503AndEverythingElseStillAnswers() throws Exception {
        ExporterHttpServer server = start(1, "10.0.0.*:11211");
        scrapes.block();
        CompletableFuture<HttpResponse<byte[]>> stuck = CompletableFuture.supplyAsync(() -> {
            try {
                return send(server, "GET", "/metrics");
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(scrapes.entered.await(10, TimeUnit.SECONDS)).as("the first scrape holds the only slot").isTrue();

        HttpResponse<byte[]> refused = send(server, "GET", "/metrics");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(text(refused)).contains("--web.max-requests");
        assertThat(send(server, "GET", "/scrape?target=10.0.0.1:11211").statusCode()).isEqualTo(503);
        assertThat(send(server, "GET", "/").statusCode()).isEqualTo(200);
        assertThat(send(server, "GET", "/scrape?target=10.9.9.9:11211").statusCode()).isEqualTo(403);
        assertThat(stuck).isNotDone();

        scrapes.release.countDown();
        assertThat(stuck.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> send(server, "GET", "/metrics").statusCode() == 200);
    }

    @Test
    void scrapeTakesExactlyOneAllowedOrKnownTarget() throws Exception {
        ExporterHttpServer server = start(8, "10.0.0.*:11211");
        assertThat(send(server, "GET", "/scrape").statusCode()).isEqualTo(400);
        assertThat(send(server, "GET", "/scrape?target=10.0.0.1:11211&target=10.0.0.2:11211").statusCode())
                .isEqualTo(400);
        assertThat(send(server, "GET", "/scrape?target=10.0.0.1:99999").statusCode()).isEqualTo(400);
        HttpResponse<byte[]> refused = send(server, "GET", "/scrape?target=10.0.1.1:11211");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(text(refused)).contains("--scrape.allowed-targets");
        assertThat(send(server, "GET", "/scrape?target=10.0.0.1:6379").statusCode()).isEqualTo(403);
        assertThat(scrapes.targets).as("refused targets are never scraped").isEmpty();

        assertThat(send(server, "GET", "/scrape?target=10.0.0.7:11211").statusCode()).isEqualTo(200);
        assertThat(send(server, "GET", "/scrape?target=" + FakeScrapes.KNOWN).statusCode()).isEqualTo(200);
        assertThat(scrapes.targets).containsExactly(MemcachedAddress.parse("10.0.0.7:11211"),
                MemcachedAddress.parse(FakeScrapes.KNOWN));
    }

    @Test
    void clientJavasNameFilterSelectsFamilies() throws Exception {
        ExporterHttpServer server = start(8);
        String body = text(send(server, "GET", "/metrics?name[]=memcached_up"));
        assertThat(Golden.samples(body)).containsOnlyKeys("memcached_up");
    }

    @Test
    void anUnknownDebugFormatIsABadRequestBeforeAnyScrape() throws Exception {
        ExporterHttpServer server = start(8, "10.0.0.*:11211");
        for (String path : List.of("/metrics?debug=foo", "/metrics?debug=text&debug=",
                "/scrape?target=10.0.0.7:11211&debug=foo")) {
            HttpResponse<byte[]> bad = send(server, "GET", path);
            assertThat(bad.statusCode()).as(path).isEqualTo(400);
            assertThat(bad.headers().firstValue("Content-Type")).as(path).hasValue("application/problem+json");
            assertThat(text(bad)).as(path).contains("openmetrics, text or prometheus-protobuf");
        }
        assertThat(scrapes.budgets).as("no telemetry scrape ran").isEmpty();
        assertThat(scrapes.targets).as("no target was scraped").isEmpty();
        for (String format : ScrapeHandler.DEBUG_FORMATS) {
            assertThat(send(server, "GET", "/metrics?debug=" + format).statusCode()).as(format).isEqualTo(200);
        }
        assertThat(text(send(server, "GET", "/metrics?debug=text"))).contains("memcached_up 1");
    }

    @Test
    void budgetIsTheShorterOfTheFlagAndNinetyPercentOfPrometheusTimeout() {
        assertThat(ScrapeHandler.budget(Duration.ofSeconds(1), null)).isEqualTo(Duration.ofSeconds(1));
        assertThat(ScrapeHandler.budget(Duration.ofSeconds(10), "2")).isEqualTo(Duration.ofMillis(1800));
        assertThat(ScrapeHandler.budget(Duration.ofSeconds(1), "10")).isEqualTo(Duration.ofSeconds(1));
        for (String bad : new String[] {"-1", "0", "NaN", "Infinity", "soon"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ScrapeHandler.budget(Duration.ofSeconds(1),
                    bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Fixed samples; records every scrape; can hold the telemetry scrape until released. */
    private static final class FakeScrapes implements Scrapes {
        static final String KNOWN = "127.0.0.1:11211";

        final List<Duration> budgets = new CopyOnWriteArrayList<>();
        final List<MemcachedAddress> targets = new CopyOnWriteArrayList<>();
        final CountDownLatch entered = new CountDownLatch(1);
        volatile CountDownLatch release = new CountDownLatch(0);

        void block() {
            release = new CountDownLatch(1);
        }

        @Override
        public MetricSnapshots metrics(Duration budget) {
            budgets.add(budget);
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return samples();
        }

        @Override
        public MetricSnapshots target(MemcachedAddress target, Duration budget) {
            targets.add(target);
            return samples();
        }

        @Override
        public boolean known(MemcachedAddress target, long deadlineNanos) {
            return target.toString().equals(KNOWN);
        }

        @Override
        public String description() {
            return "fake scrapes";
        }

        private static MetricSnapshots samples() {
            Samples samples = new Samples();
            samples.add(Family.UP, Labels.EMPTY, 1);
            samples.add(Family.CONNECTIONS, Labels.EMPTY, 5);
            for (int slab = 1; slab <= 3; slab++) {
                samples.add(Family.SLAB_CHUNK_SIZE, Labels.of("slab", Integer.toString(slab)), 96 * slab);
            }
            return samples.toSnapshots();
        }
    }
}
