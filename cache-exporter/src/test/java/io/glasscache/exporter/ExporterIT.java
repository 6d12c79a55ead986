package io.glasscache.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.glasscache.exporter.mapping.Family;
import io.glasscache.testing.ManagedProcess;
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

    private static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final String TIMEOUT_HEADER = "X-Prometheus-Scrape-Timeout-Seconds";

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

    @RegisterExtension
    static final MemcachedExtension MEMCACHED = MemcachedExtension.builder().memoryMb(64).build();

    @BeforeAll
    static void fill() {
        GoldenCaptureIT.fill(MEMCACHED.server(), 20);
    }

    private static ExporterHttp exporter(String... flags) throws Exception {
        return ExporterHttp.of(MEMCACHED.server().address(), flags);
    }

    /** GET within {@code limit}: a scrape that took longer fails with the client's timeout. */
    private static HttpResponse<String> getWithin(ExporterHttp exporter, Duration limit, String... headers)
            throws Exception {
        return HttpClient.newHttpClient().send(exporter.request("/metrics", headers).timeout(limit).build(),
                HttpResponse.BodyHandlers.ofString());
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
                    .containsEntry("memcached_exporter_parse_errors_total", 0.0)
                    .containsEntry("memcached_exporter_scrape_errors_total", 0.0);
            ToolResult promtool = new PromtoolRunner().checkMetrics(dir, response.body());
            assertThat(promtool.exitCode()).as(promtool.output()).isZero();
        }
    }

    @Test
    void textIsTheDefaultAndOpenMetricsIsWrittenWhenAskedBothWithAFixedLength() throws Exception {
        try (ExporterHttp exporter = exporter()) {
            HttpResponse<String> text = exporter.get("/metrics");
            assertThat(text.headers().firstValue("Content-Type")).hasValue(TEXT);
            assertThat(text.headers().firstValue("Content-Length")).hasValue(
                    Integer.toString(text.body().getBytes(StandardCharsets.UTF_8).length));
            assertThat(text.headers().firstValue("Transfer-Encoding")).isEmpty();
            assertThat(text.body()).contains("# HELP memcached_up ").doesNotContain("# EOF");

            HttpResponse<String> plainAsked = exporter.get("/metrics", "Accept",
                    "text/plain;version=0.0.4;q=0.3,*/*;q=0.1");
            assertThat(plainAsked.headers().firstValue("Content-Type")).hasValue(TEXT);

            HttpResponse<String> openMetrics = exporter.get("/metrics", "Accept",
                    "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
            assertThat(openMetrics.headers().firstValue("Content-Type")).hasValue(OPENMETRICS);
            assertThat(openMetrics.headers().firstValue("Content-Length")).hasValue(
                    Integer.toString(openMetrics.body().getBytes(StandardCharsets.UTF_8).length));
            assertThat(openMetrics.body()).endsWith("# EOF\n").contains("memcached_up 1")
                    .contains("memcached_exporter_build_info{");
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

    /** A refused connection is down at once: the answer comes within 5 s where the exporter's timeout is 20 s. */
    @Test
    void killedServerIsDownAtOnceAndEachFailedReadIsCounted() throws Exception {
        try (ExporterHttp exporter = exporter("--memcached.timeout=20s")) {
            assertThat(Golden.samples(exporter.get("/metrics").body()))
                    .containsEntry("memcached_exporter_scrape_errors_total", 0.0);
            MEMCACHED.server().kill();
            for (double failed = 1; failed <= 2; failed++) {
                HttpResponse<String> response = getWithin(exporter, Duration.ofSeconds(5));
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(Golden.samples(response.body())).containsEntry("memcached_up", 0.0)
                        .containsEntry("memcached_exporter_scrape_errors_total", failed)
                        .doesNotContainKey("memcached_current_items");
            }
        }
        MEMCACHED.server().restart();
        GoldenCaptureIT.fill(MEMCACHED.server(), 20);
    }

    /**
     * Prometheus says 1 s: the exporter gives memcached 0.9 s, not its own 20 s. The client gives up after 10 s, so a
     * scrape hung until the exporter's own timeout fails the test.
     */
    @Test
    void frozenServerIsDownWithinPrometheusTimeout() throws Exception {
        try (ExporterHttp exporter = exporter("--memcached.timeout=20s")) {
            MEMCACHED.server().freeze();
            try {
                HttpResponse<String> response = getWithin(exporter, Duration.ofSeconds(10), TIMEOUT_HEADER, "1");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(Golden.samples(response.body())).containsEntry("memcached_up", 0.0)
                        .containsEntry("memcached_exporter_scrape_errors_total", 1.0);
            } finally {
                MEMCACHED.server().resume();
            }
            assertThat(Golden.samples(exporter.get("/metrics").body())).containsEntry("memcached_up", 1.0);
        }
    }

    @Test
    void malformedTimeoutHeaderIsABadRequest() throws Exception {
        try (ExporterHttp exporter = exporter()) {
            HttpResponse<String> response = exporter.get("/metrics", TIMEOUT_HEADER, "soon");
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
                    } catch (IOException e) {
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
        List<String> command = new ArrayList<>(List.of("memcached", "-s", socket.toString(), "-a", "0777",
                "-m", "16"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "root")); // -s needs a path nobody cannot write; this dir is ours
        }
        try (ManagedProcess process = ManagedProcess.start(
                "memcached-unix", command, dir.resolve("memcached.log"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(socket));
            try (ExporterHttp exporter = ExporterHttp.of(socket.toString())) {
                Map<String, Double> samples = Golden.samples(exporter.get("/metrics").body());
                assertThat(samples).containsEntry("memcached_up", 1.0).containsKey("memcached_uptime_seconds");
            }
            assertThat(tcp.isRunning()).isTrue();
        }
    }
}
