package io.glasscache.exporter;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.glasscache.exporter.http.ExporterHttpServer;

/** Test helpers: start the exporter as {@link ExporterMain} does, on a free loopback port, and scrape it. */
final class ExporterHttp implements AutoCloseable {

    /** The headers Debian's Prometheus 2.42 sends with every scrape (captured from the binary at a socket). */
    static final Map<String, String> PROMETHEUS_HEADERS = Map.of(
            "Accept", "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
                    + "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
            "Accept-Encoding", "gzip",
            "X-Prometheus-Scrape-Timeout-Seconds", "10");

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();

    final MemcachedCollector collector;
    final ExporterHttpServer server;

    /** @param builder the collector's builder before the flags are applied (tests give it a resolver) */
    ExporterHttp(MemcachedCollector.Builder builder, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("--web.listen-address=127.0.0.1:0"));
        args.addAll(Arrays.asList(flags));
        ExporterMain.Running running = ExporterMain.start(ExporterFlags.parse(args.toArray(String[]::new)).config(),
                builder);
        this.collector = running.collector();
        this.server = running.server();
    }

    /** The exporter scraping {@code address}. */
    static ExporterHttp of(String address, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("--memcached.address=" + address));
        args.addAll(Arrays.asList(flags));
        return new ExporterHttp(MemcachedCollector.builder(), args.toArray(String[]::new));
    }

    URI uri(String pathAndQuery) {
        return URI.create((server.secure() ? "https" : "http") + "://127.0.0.1:" + server.port() + pathAndQuery);
    }

    /** GET with a hard client-side limit: a hung scrape fails the test instead of hanging it. */
    HttpResponse<String> get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        return CLIENT.send(request(pathAndQuery, headers).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder request(String pathAndQuery, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request;
    }

    /**
     * The official exporter's metric families: the project's copy of {@code shared/contracts} (ContractCopyTest keeps
     * it equal to the shared one where that is present), so a plain clone tests against it too.
     */
    static Path contract() {
        Path copy = Path.of("src/test/resources/contract/memcached-exporter-metrics.tsv").toAbsolutePath();
        if (!Files.isRegularFile(copy)) {
            throw new IllegalStateException("contract copy missing: " + copy);
        }
        return copy;
    }

    @Override
    public void close() {
        server.close();
        collector.close();
    }
}
