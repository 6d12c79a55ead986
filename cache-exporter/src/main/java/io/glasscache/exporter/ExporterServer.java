package io.glasscache.exporter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusProtobufWriter;
import io.prometheus.metrics.model.snapshots.Labels;

/**
 * The HTTP side, on {@link BlockingHttpServer}: the telemetry path (the configured or discovered servers), the scrape
 * path ({@code ?target=}, allowlisted), a landing page, and RFC 7807 problem+json for every refusal.
 */
public final class ExporterServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ExporterServer.class.getName());
    private static final String VERSION = readVersion();
    private static final Labels BUILD_INFO_LABELS = Labels.of("version", VERSION, "java_version",
            System.getProperty("java.version"));

    private final ExporterConfig config;
    private final MemcachedCollector collector;
    private final TargetAllowlist allowlist;
    private final Semaphore inFlight;
    /**
     * The text formats (Prometheus text 0.0.4 and OpenMetrics 1.0.0, which Prometheus asks for) are written
     * directly, into buffers reused from scrape to scrape; client_java writes protobuf, built when first asked.
     */
    private final ArrayBlockingQueue<PrometheusText> texts;
    private volatile ExpositionFormatWriter protobuf;
    /** gzip compressors and their output buffers, reused like {@link #texts}. */
    private final ArrayBlockingQueue<GzipBody> gzipped;
    private final BlockingHttpServer server;

    public ExporterServer(ExporterConfig config, MemcachedCollector collector) throws IOException {
        this(config, collector, BlockingHttpServer.Limits.defaults(config.maxRequests()));
    }

    /** With explicit HTTP limits (tests shorten the timeouts). */
    ExporterServer(ExporterConfig config, MemcachedCollector collector, BlockingHttpServer.Limits limits)
            throws IOException {
        InetSocketAddress bind = config.listenHost().isEmpty() ? new InetSocketAddress(config.listenPort())
                : new InetSocketAddress(config.listenHost(), config.listenPort());
        this.config = config;
        this.collector = collector;
        this.allowlist = new TargetAllowlist(config.allowedTargets());
        this.inFlight = new Semaphore(config.maxRequests());
        // buffers are taken by admitted scrapes only, so --web.max-requests of each are ever kept
        this.texts = new ArrayBlockingQueue<>(config.maxRequests());
        this.gzipped = new ArrayBlockingQueue<>(config.maxRequests());
        this.server = new BlockingHttpServer(bind, limits, this::handle);
    }

    public ExporterServer start() {
        server.start();
        return this;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.port();
    }

    /** The HTTP server underneath, for tests. */
    BlockingHttpServer http() {
        return server;
    }

    /** The exporter's version, from the build. */
    public static String version() {
        return VERSION;
    }

    private static String readVersion() {
        try (InputStream in = ExporterServer.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private void handle(BlockingHttpServer.Exchange exchange) throws IOException {
        try {
            String method = exchange.method();
            String path = exchange.uri().getPath();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.responseHeader("Allow", "GET, HEAD");
                problem(exchange, 405, "Method Not Allowed", method + " is not supported; use GET");
            } else if (path.equals(config.telemetryPath())) {
                metrics(exchange);
            } else if (path.equals(config.scrapePath())) {
                scrape(exchange);
            } else if (path.equals("/")) {
                landing(exchange);
            } else {
                problem(exchange, 404, "Not Found", "no page at " + path + "; see /");
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "client went away: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "request failed", e);
            if (exchange.status() < 0) { // nothing sent yet: say so rather than drop the connection
                problem(exchange, 500, "Internal Server Error", String.valueOf(e.getMessage()));
            }
        }
    }

    private void metrics(BlockingHttpServer.Exchange exchange) throws IOException {
        Duration budget = budget(exchange);
        if (budget == null || !admit(exchange)) {
            return;
        }
        try {
            Samples samples = collector.sample(budget);
            samples.add(Family.BUILD_INFO, BUILD_INFO_LABELS, 1);
            write(exchange, samples);
        } finally {
            inFlight.release();
        }
    }

    private void scrape(BlockingHttpServer.Exchange exchange) throws IOException {
        List<String> targets = queryValues(exchange.uri(), "target");
        if (targets.size() != 1 || targets.get(0).isBlank()) {
            problem(exchange, 400, "Bad Request", "give exactly one target: " + config.scrapePath()
                    + "?target=host:port");
            return;
        }
        MemcachedAddress target;
        try {
            target = MemcachedAddress.parse(targets.get(0));
        } catch (IllegalArgumentException e) {
            problem(exchange, 400, "Bad Request", e.getMessage());
            return;
        }
        Duration budget = budget(exchange);
        if (budget == null) {
            return;
        }
        if (!allowed(target, System.nanoTime() + budget.toNanos())) {
            LOG.info("refused /scrape of " + target + ": not on the allowlist nor discovered");
            problem(exchange, 403, "Forbidden", "target " + target + " is not allowed: add a matching pattern to "
                    + "--scrape.allowed-targets");
            return;
        }
        if (!admit(exchange)) {
            return;
        }
        try {
            write(exchange, collector.sampleTarget(target, budget));
        } finally {
            inFlight.release();
        }
    }

    /** Allowlisted, the configured address, or an instance discovery finds now; never a connection first. */
    private boolean allowed(MemcachedAddress target, long deadlineNanos) {
        if (allowlist.allows(target) || target.equals(config.address())) {
            return true;
        }
        if (collector.discovery() == null || target.isUnix() || target.port() != collector.discovery().port()) {
            return false;
        }
        List<MemcachedAddress> discovered = collector.discover(deadlineNanos);
        return discovered != null && discovered.contains(target);
    }

    private boolean admit(BlockingHttpServer.Exchange exchange) throws IOException {
        if (inFlight.tryAcquire()) {
            return true;
        }
        problem(exchange, 503, "Service Unavailable", "more than " + config.maxRequests()
                + " scrapes in flight (--web.max-requests)");
        return false;
    }

    private Duration budget(BlockingHttpServer.Exchange exchange) throws IOException {
        try {
            return MemcachedCollector.budget(config.timeout(),
                    exchange.header(MemcachedCollector.TIMEOUT_HEADER));
        } catch (IllegalArgumentException e) {
            problem(exchange, 400, "Bad Request", e.getMessage());
            return null;
        }
    }

    /**
     * Sends the samples in the negotiated format with a known length (Content-Length, no chunking), from the buffer
     * it was written into; gzip only when the client asks for it (Prometheus does, every scrape).
     */
    private void write(BlockingHttpServer.Exchange exchange, Samples samples) throws IOException {
        String accept = exchange.header("Accept");
        if (accept != null && accept.contains("application/vnd.google.protobuf")) {
            if (protobuf == null) {
                protobuf = new PrometheusProtobufWriter();
            }
            if (protobuf.accepts(accept)) { // rare (Prometheus asks for it only with native histograms on)
                ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
                protobuf.write(body, samples.toSnapshots());
                sendBody(exchange, protobuf.getContentType(), body.toByteArray(), body.size());
                return;
            }
        }
        PrometheusText.Format format = PrometheusText.Format.negotiate(accept);
        PrometheusText pooled = texts.poll();
        PrometheusText body = (pooled != null ? pooled : new PrometheusText(64 * 1024)).write(samples, format);
        try {
            sendBody(exchange, format.contentType(), body.array(), body.size());
        } finally {
            body.release();
            texts.offer(body);
        }
    }

    private void sendBody(BlockingHttpServer.Exchange exchange, String contentType, byte[] body, int length)
            throws IOException {
        String encoding = exchange.header("Accept-Encoding");
        if (encoding != null && encoding.contains("gzip") && !exchange.method().equals("HEAD")) {
            GzipBody pooled = gzipped.poll();
            GzipBody compressed = (pooled != null ? pooled : new GzipBody(16 * 1024)).compress(body, length);
            exchange.responseHeader("Content-Encoding", "gzip");
            try {
                exchange.send(200, contentType, compressed.array(), compressed.size());
            } finally {
                compressed.release();
                gzipped.offer(compressed);
            }
        } else {
            exchange.send(200, contentType, body, length);
        }
    }

    private void landing(BlockingHttpServer.Exchange exchange) throws IOException {
        String target = collector.discovery() != null ? collector.discovery().toString()
                : collector.target().toString();
        String html = "<!DOCTYPE html><html><head><title>GlassCache memcached exporter</title></head><body>"
                + "<h1>GlassCache memcached exporter " + escape(version()) + "</h1>"
                + "<p>Scraping " + escape(target) + ".</p><ul>"
                + "<li><a href=\"" + escape(config.telemetryPath()) + "\">" + escape(config.telemetryPath()) + "</a>"
                + "</li><li>" + escape(config.scrapePath()) + "?target=host:port (allowlisted targets only)</li>"
                + "</ul></body></html>\n";
        send(exchange, 200, "text/html; charset=utf-8", html);
    }

    static List<String> queryValues(URI uri, String name) {
        List<String> values = new ArrayList<>();
        String query = uri.getRawQuery();
        if (query == null) {
            return values;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                values.add(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static void problem(BlockingHttpServer.Exchange exchange, int status, String title, String detail)
            throws IOException {
        String json = "{\"type\":\"about:blank\",\"title\":\"" + BlockingHttpServer.json(title) + "\",\"status\":"
                + status + ",\"detail\":\"" + BlockingHttpServer.json(detail) + "\"}";
        send(exchange, status, "application/problem+json", json);
    }

    private static void send(BlockingHttpServer.Exchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.send(status, contentType, bytes, bytes.length);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public void close() {
        server.stop(Duration.ofSeconds(2));
        for (GzipBody idle = gzipped.poll(); idle != null; idle = gzipped.poll()) {
            idle.close(); // zlib's native memory now; a scrape still running past the grace leaves its own to GC
        }
    }
}
