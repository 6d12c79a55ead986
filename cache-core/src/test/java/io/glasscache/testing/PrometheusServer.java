package io.glasscache.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.testcontainers.Testcontainers;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A real Prometheus server on a loopback port, started with a given configuration and rule files, with helpers to
 * query it and to wait (by polling the query API, never by sleeping a fixed time) until a target has been scraped.
 *
 * <p>The configuration and rule files are written into a fresh directory; rule files are referenced from the
 * configuration by their file names ({@code rule_files: [alerts.yml]}). In Docker mode the container uses host
 * networking semantics through {@code host.testcontainers.internal}: write targets as
 * {@link #hostFor(Backend)}{@code :port}.
 */
public final class PrometheusServer implements AutoCloseable {

    public static final String IMAGE = PromtoolRunner.IMAGE;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Backend backend;
    private final Path workDir;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ManagedProcess process;
    private GenericContainer<?> container;

    private PrometheusServer(Backend backend, Path workDir, int port) {
        this.backend = backend;
        this.workDir = workDir;
        this.port = port;
    }

    /** The backend a new server would use here (so a test can write reachable target addresses first). */
    public static Backend backend() {
        return Backend.choose("Prometheus", "prometheus", IMAGE, "prometheus");
    }

    /** How a Prometheus server of this backend reaches a port on the test's loopback. */
    public static String hostFor(Backend backend) {
        return backend == Backend.DOCKER ? "host.testcontainers.internal" : FreePort.LOOPBACK;
    }

    /**
     * Starts Prometheus with {@code config} (YAML text) and the given rule files, and waits until it is ready.
     *
     * @param config    prometheus.yml content; reference rule files by their file names
     * @param ruleFiles rule files copied next to the configuration
     * @param hostPorts in Docker mode, the loopback ports of scrape targets to expose to the container
     */
    public static PrometheusServer start(String config, List<Path> ruleFiles, int... hostPorts) {
        Backend backend = backend();
        try {
            Path dir = Files.createTempDirectory("glasscache-prometheus");
            Files.writeString(dir.resolve("prometheus.yml"), config);
            for (Path rule : ruleFiles) {
                Files.copy(rule, dir.resolve(rule.getFileName().toString()));
            }
            Files.createDirectories(dir.resolve("data"));
            PrometheusServer server = new PrometheusServer(backend, dir, FreePort.pick());
            try {
                server.launch(hostPorts);
                return server;
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void launch(int... hostPorts) {
        if (backend == Backend.DOCKER) {
            if (hostPorts.length > 0) {
                Testcontainers.exposeHostPorts(hostPorts);
            }
            String dir = workDir.toAbsolutePath().toString();
            container = new GenericContainer<>(DockerImageName.parse(IMAGE))
                    .withFileSystemBind(dir, "/etc/prometheus", BindMode.READ_WRITE)
                    .withCommand("--config.file=/etc/prometheus/prometheus.yml",
                            "--storage.tsdb.path=/etc/prometheus/data", "--web.enable-lifecycle")
                    .withExposedPorts(9090)
                    .waitingFor(Wait.forHttp("/-/ready").forStatusCode(200).withStartupTimeout(START_TIMEOUT));
            container.start();
            return;
        }
        process = ManagedProcess.start("prometheus:" + port, List.of(
                Backend.onPath("prometheus").orElseThrow().toString(),
                "--config.file=" + workDir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + workDir.resolve("data"),
                "--web.listen-address=" + FreePort.LOOPBACK + ":" + port,
                "--web.enable-lifecycle",
                "--log.level=warn"), workDir.resolve("prometheus.log"));
        boolean ready = FreePort.await(START_TIMEOUT, () -> !process.isAlive() || status("/-/ready") == 200);
        if (!ready || !process.isAlive()) {
            throw new IllegalStateException("Prometheus did not become ready:\n" + process.logTail());
        }
    }

    public URI baseUri() {
        if (container != null) {
            return URI.create("http://" + container.getHost() + ":" + container.getMappedPort(9090));
        }
        return URI.create("http://" + FreePort.LOOPBACK + ":" + port);
    }

    public Path workDir() {
        return workDir;
    }

    /** GET {@code path} and parse the JSON body. */
    public JsonNode getJson(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(baseUri().resolve(path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Prometheus at " + baseUri() + " did not answer " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(baseUri().resolve(path)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** One sample of an instant-vector query result. */
    public record Sample(Map<String, String> labels, double value) {
    }

    /** Runs an instant query; fails if Prometheus reports an error (e.g. a bad expression). */
    public List<Sample> query(String promql) {
        JsonNode body = getJson("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (!"success".equals(body.path("status").asText())) {
            throw new IllegalArgumentException("query failed: " + promql + " -> " + body);
        }
        JsonNode data = body.path("data");
        List<Sample> samples = new ArrayList<>();
        if ("scalar".equals(data.path("resultType").asText())) {
            samples.add(new Sample(Map.of(), Double.parseDouble(data.path("result").get(1).asText())));
            return samples;
        }
        for (JsonNode result : data.path("result")) {
            Map<String, String> labels = new LinkedHashMap<>();
            result.path("metric").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            samples.add(new Sample(labels, Double.parseDouble(result.path("value").get(1).asText())));
        }
        return samples;
    }

    /** Polls {@code promql} until it returns at least one sample; fails after {@code timeout}. */
    public List<Sample> awaitSamples(String promql, Duration timeout) {
        List<List<Sample>> last = new ArrayList<>(List.of(List.of()));
        boolean found = FreePort.await(timeout, () -> {
            last.set(0, query(promql));
            return !last.get(0).isEmpty();
        });
        if (!found) {
            throw new AssertionError("no samples for " + promql + " within " + timeout
                    + "; targets: " + getJson("/api/v1/targets").path("data").path("activeTargets"));
        }
        return last.get(0);
    }

    /**
     * Waits until Prometheus has really scraped job {@code job} (its {@code up} series exists) and returns the
     * value of {@code up} (1 when the scrape succeeded). The first scrape happens a few seconds after start.
     */
    public double awaitScraped(String job, Duration timeout) {
        return awaitSamples("up{job=\"" + job + "\"}", timeout).get(0).value();
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop(Duration.ofSeconds(10));
        }
        if (container != null) {
            container.stop();
        }
    }
}
