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

/** Test helpers: start the real HTTP exporter on a free loopback port and scrape it. */
final class ExporterHttp implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final MemcachedCollector collector;
    final ExporterServer server;

    ExporterHttp(MemcachedCollector.Builder builder, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("--web.listen-address=127.0.0.1:0"));
        args.addAll(Arrays.asList(flags));
        ExporterConfig config = ExporterFlags.parse(args.toArray(String[]::new)).config();
        this.collector = builder.timeout(config.timeout()).switches(config.switches()).build();
        this.server = new ExporterServer(config, collector).start();
    }

    /** GET with a hard client-side limit: a hung scrape fails the test instead of hanging it. */
    HttpResponse<String> get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + pathAndQuery)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The contract file beside the project root: walk up from the working directory to find shared/. */
    static Path contract() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path candidate = d.resolve("../shared/contracts/memcached-exporter-metrics.tsv").normalize();
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            Path sibling = d.resolve("shared/contracts/memcached-exporter-metrics.tsv");
            if (Files.isRegularFile(sibling)) {
                return sibling;
            }
        }
        throw new IllegalStateException("../shared/contracts/memcached-exporter-metrics.tsv not found above " + dir);
    }

    @Override
    public void close() {
        server.close();
        collector.close();
    }
}
