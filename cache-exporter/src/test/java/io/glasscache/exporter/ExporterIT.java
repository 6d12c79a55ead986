package io.glasscache.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import io.glasscache.testing.MemcachedExtension;
import io.glasscache.testing.MemcachedServer;
import io.glasscache.testing.PromtoolRunner;
import io.glasscache.testing.ToolResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The standalone exporter over HTTP against real memcached servers. */
class ExporterIT {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

    @RegisterExtension
    static final MemcachedExtension MEMCACHED = MemcachedExtension.builder().memoryMb(64).build();

    @BeforeAll
    static void fill() {
        GoldenCaptureIT.fill(MEMCACHED.server(), 20);
    }

    private static ExporterHttp exporter(String... flags) throws Exception {
        String[] all = new String[flags.length + 1];
        all[0] = "--memcached.address=" + MEMCACHED.server().address();
        System.arraycopy(flags, 0, all, 1, flags.length);
        return new ExporterHttp(MemcachedCollector.builder().target(MEMCACHED.server().address()), all);
    }

    /** sample name -> label-name sets seen, from a text exposition. */
    static Map<String, Set<String>> labelNames(String exposition) {
        Map<String, Set<String>> out = new HashMap<>();
        for (String line : exposition.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.matches()) {
                continue;
            }
            Set<String> labels = new TreeSet<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    labels.add(label.group(1));
                }
            }
            out.computeIfAbsent(sample.group(1), k -> new TreeSet<>()).add(String.join(",", labels));
        }
        return out;
    }

    @Test
    void exposesEveryCoreLruAndSlabContractFamilyWithItsLabels(@TempDir Path dir) throws Exception {
        try (ExporterHttp exporter = exporter()) {
            HttpResponse<String> response = exporter.get("/metrics");
            assertThat(response.statusCode()).isEqualTo(200);
            Map<String, Set<String>> exposed = labelNames(response.body());
            int checked = 0;
            for (String line : Files.readAllLines(ExporterHttp.contract())) {
                if (line.startsWith("#") || line.startsWith("family\t") || line.isBlank()) {
                    continue;
                }
                String[] columns = line.split("\t", -1);
                if (!List.of("core", "lru", "slab").contains(columns[3])) {
                    continue;
                }
                String labels = String.join(",", new TreeSet<>(List.of(columns[2].isEmpty() ? new String[0]
                        : columns[2].split(","))));
                assertThat(exposed).as("contract family %s", columns[0]).containsKey(columns[0]);
                assertThat(exposed.get(columns[0])).as("labels of %s", columns[0]).containsOnly(labels);
                checked++;
            }
            assertThat(checked).isGreaterThanOrEqualTo(70);
            assertThat(Golden.samples(response.body())).containsEntry("memcached_up", 1.0)
                    .containsEntry("memcached_exporter_parse_errors_total", 0.0);
            ToolResult promtool = new PromtoolRunner().checkMetrics(dir, response.body());
            assertThat(promtool.exitCode()).as(promtool.output()).isZero();
        }
    }

    @Test
    void textIsTheDefaultAndOpenMetricsIsWrittenWhenAskedBothWithAFixedLength() throws Exception {
        try (ExporterHttp exporter = exporter()) {
            HttpResponse<String> text = exporter.get("/metrics");
            assertThat(text.headers().firstValue("Content-Type")).hasValue(PrometheusText.Format.TEXT_0_0_4.contentType());
            assertThat(text.headers().firstValue("Content-Length")).hasValue(
                    Integer.toString(text.body().getBytes(StandardCharsets.UTF_8).length));
            assertThat(text.headers().firstValue("Transfer-Encoding")).isEmpty();
            assertThat(text.body()).startsWith("# HELP memcached_up ").doesNotContain("# EOF");

            HttpResponse<String> plainAsked = exporter.get("/metrics", "Accept",
                    "text/plain;version=0.0.4;q=0.3,*/*;q=0.1");
            assertThat(plainAsked.headers().firstValue("Content-Type")).hasValue(PrometheusText.Format.TEXT_0_0_4.contentType());

            HttpResponse<String> openMetrics = exporter.get("/metrics", "Accept",
                    "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
            assertThat(openMetrics.headers().firstValue("Content-Type"))
                    .hasValue(PrometheusText.Format.OPENMETRICS_1_0_0.contentType());
            assertThat(openMetrics.headers().firstValue("Content-Length")).hasValue(
                    Integer.toString(openMetrics.body().getBytes(StandardCharsets.UTF_8).length));
            assertThat(openMetrics.body()).endsWith("# EOF\n").contains("memcached_up 1")
                    .contains("memcached_exporter_build_info{");
        }
    }

    @Test
    void headMethodsPathsAndGzipOverTheExportersOwnHttpServer() throws Exception {
        try (ExporterHttp exporter = exporter()) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI metrics = URI.create("http://127.0.0.1:" + exporter.server.port() + "/metrics");
            HttpResponse<byte[]> head = client.send(HttpRequest.newBuilder(metrics)
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(Long.parseLong(head.headers().firstValue("Content-Length").orElseThrow())).isGreaterThan(10_000);
            assertThat(head.body()).isEmpty();

            HttpResponse<String> post = client.send(HttpRequest.newBuilder(metrics)
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
            assertThat(post.headers().firstValue("Content-Type")).hasValue("application/problem+json");

            HttpResponse<String> missing = exporter.get("/nope");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).contains("\"status\":404");
            assertThat(exporter.get("/").body()).contains("<a href=\"/metrics\">");

            HttpResponse<byte[]> gzip = client.send(HttpRequest.newBuilder(metrics).header("Accept-Encoding", "gzip")
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
            assertThat(gzip.headers().firstValue("Content-Length")).hasValue(Integer.toString(gzip.body().length));
            String unzipped;
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip.body()))) {
                unzipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertThat(Golden.samples(unzipped)).containsEntry("memcached_up", 1.0);
            assertThat(labelNames(unzipped).keySet()).isEqualTo(labelNames(exporter.get("/metrics").body()).keySet());
        }
    }

    @Test
    void consecutiveScrapesReuseOneKeptAliveHttpConnection() throws Exception {
        try (ExporterHttp exporter = exporter()) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI metrics = URI.create("http://127.0.0.1:" + exporter.server.port() + "/metrics");
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(metrics).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(Golden.samples(response.body())).containsEntry("memcached_up", 1.0);
            }
            assertThat(exporter.server.http().acceptedConnections()).isEqualTo(1);
        }
    }

    @Test
    void aStuckScrapeBoundsConcurrencyWith503AndDelaysNoOtherRequest() throws Exception {
        try (ExporterHttp exporter = exporter("--web.max-requests=1", "--memcached.timeout=4s")) {
            ExecutorService clients = Executors.newSingleThreadExecutor();
            // its own HTTP/1.1 client: concurrent requests on separate connections, each bounded in time
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI metrics = URI.create("http://127.0.0.1:" + exporter.server.port() + "/metrics");
            HttpRequest request = HttpRequest.newBuilder(metrics).timeout(java.time.Duration.ofSeconds(10)).build();
            // a first scrape while memcached answers: the client is initialised before the race below
            assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            MEMCACHED.server().freeze();
            try {
                Future<HttpResponse<String>> stuck = clients.submit(() -> client.send(request,
                        HttpResponse.BodyHandlers.ofString()));
                // Give the stuck scrape a head start to take the only slot: if a probe below took it instead, the
                // probe would be the one left waiting for the frozen memcached.
                Thread.sleep(500);
                HttpResponse<String> refused = null;
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while ((refused == null || refused.statusCode() != 503) && System.nanoTime() < until) {
                    Thread.sleep(20); // until the first scrape holds the only slot
                    refused = client.send(request, HttpResponse.BodyHandlers.ofString());
                }
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(refused.body()).contains("--web.max-requests");
                assertThat(stuck.isDone()).as("the frozen scrape is still waiting for memcached").isFalse();
                assertThat(exporter.get("/").statusCode()).isEqualTo(200);
                assertThat(exporter.get("/scrape?target=127.0.0.1:1").statusCode()).isEqualTo(403);
                MEMCACHED.server().resume();
                assertThat(stuck.get(15, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            } finally {
                MEMCACHED.server().resume();
                clients.shutdownNow();
            }
            assertThat(Golden.samples(exporter.get("/metrics").body())).containsEntry("memcached_up", 1.0);
        }
    }

    @Test
    void everyExposedFamilyIsInTheCatalog() throws Exception {
        try (ExporterHttp exporter = exporter()) {
            Set<String> known = new TreeSet<>();
            for (Family family : Family.values()) {
                known.add(family.sampleName());
            }
            assertThat(labelNames(exporter.get("/metrics").body()).keySet()).isSubsetOf(known);
        }
    }

    @Test
    void killedServerIsDownAtOnce() throws Exception {
        try (ExporterHttp exporter = exporter("--memcached.timeout=1s")) {
            MEMCACHED.server().kill();
            HttpResponse<String> response = exporter.get("/metrics");
            assertThat(response.statusCode()).isEqualTo(200);
            Map<String, Double> samples = Golden.samples(response.body());
            assertThat(samples).containsEntry("memcached_up", 0.0).doesNotContainKey("memcached_current_items");
            assertThat(samples.get("memcached_exporter_scrape_duration_seconds")).isLessThan(1.0);
        }
        MEMCACHED.server().restart();
        GoldenCaptureIT.fill(MEMCACHED.server(), 20);
    }

    @Test
    void frozenServerIsDownWithinTheScrapeDeadline() throws Exception {
        try (ExporterHttp exporter = exporter("--memcached.timeout=10s")) {
            MEMCACHED.server().freeze();
            try {
                // Prometheus says 1 s: the exporter gives memcached 0.9 s, not its own 10 s. Only an upper bound with
                // a wide margin is asserted: the scrape is never hung until the exporter's own 10 s.
                long start = System.nanoTime();
                HttpResponse<String> response = exporter.get("/metrics", MemcachedCollector.TIMEOUT_HEADER, "1");
                double seconds = (System.nanoTime() - start) / 1e9;
                assertThat(response.statusCode()).isEqualTo(200);
                Map<String, Double> samples = Golden.samples(response.body());
                assertThat(samples).containsEntry("memcached_up", 0.0);
                assertThat(seconds).as("scrape of a frozen server with a 1 s Prometheus timeout").isLessThan(5.0);
                assertThat(samples.get("memcached_exporter_scrape_duration_seconds")).isLessThan(5.0);
            } finally {
                MEMCACHED.server().resume();
            }
            assertThat(Golden.samples(exporter.get("/metrics").body())).containsEntry("memcached_up", 1.0);
        }
    }

    @Test
    void malformedTimeoutHeaderIsABadRequest() throws Exception {
        try (ExporterHttp exporter = exporter()) {
            HttpResponse<String> response = exporter.get("/metrics", MemcachedCollector.TIMEOUT_HEADER, "soon");
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.body()).contains("X-Prometheus-Scrape-Timeout-Seconds");
        }
    }

    @Test
    void refusesTargetsOffTheAllowlistWithoutConnecting() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        try (ServerSocket trap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ExporterHttp exporter = exporter("--scrape.allowed-targets=127.0.0.1:" + MEMCACHED.server().port())) {
            trap.setSoTimeout(200);
            Thread watcher = new Thread(() -> {
                for (int i = 0; i < 10; i++) {
                    try {
                        trap.accept().close();
                        accepted.incrementAndGet();
                    } catch (SocketTimeoutException e) {
                        // nobody came: good
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            watcher.start();
            HttpResponse<String> refused = exporter.get("/scrape?target=127.0.0.1:" + trap.getLocalPort());
            HttpResponse<String> missing = exporter.get("/scrape");
            HttpResponse<String> garbled = exporter.get("/scrape?target=127.0.0.1:99999");
            HttpResponse<String> allowed = exporter.get("/scrape?target=127.0.0.1:" + MEMCACHED.server().port());
            watcher.join();
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(refused.body()).contains("--scrape.allowed-targets");
            assertThat(missing.statusCode()).isEqualTo(400);
            assertThat(garbled.statusCode()).isEqualTo(400);
            assertThat(accepted.get()).as("connections the refused scrape made").isZero();
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(Golden.samples(allowed.body())).containsEntry("memcached_up", 1.0)
                    .doesNotContainKey("memcached_exporter_build_info");
        }
    }

    @Test
    void unixSocketTarget(@TempDir Path dir) throws Exception {
        MemcachedServer tcp = MEMCACHED.server();
        Path socket = dir.resolve("memcached.sock");
        List<String> command = new java.util.ArrayList<>(List.of("memcached", "-s", socket.toString(), "-a", "0777",
                "-m", "16"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "root")); // -s needs a path nobody cannot write; this dir is ours
        }
        try (io.glasscache.testing.ManagedProcess process = io.glasscache.testing.ManagedProcess.start(
                "memcached-unix", command, dir.resolve("memcached.log"))) {
            assertThat(io.glasscache.testing.FreePort.await(java.time.Duration.ofSeconds(10),
                    () -> Files.exists(socket))).as(process.logTail()).isTrue();
            try (ExporterHttp exporter = new ExporterHttp(MemcachedCollector.builder().target(socket.toString()),
                    "--memcached.address=" + socket)) {
                Map<String, Double> samples = Golden.samples(exporter.get("/metrics").body());
                assertThat(samples).containsEntry("memcached_up", 1.0).containsKey("memcached_uptime_seconds");
            }
            assertThat(tcp.isRunning()).isTrue();
        }
    }
}
