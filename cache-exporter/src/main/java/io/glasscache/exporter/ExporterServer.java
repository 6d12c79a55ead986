package io.glasscache.exporter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.GZIPOutputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusProtobufWriter;
import io.prometheus.metrics.model.snapshots.Labels;

/**
 * The HTTP side on the JDK's HttpServer: the telemetry path (the configured or discovered servers), the scrape
 * path ({@code ?target=}, allowlisted), a landing page, and RFC 7807 problem+json for every refusal.
 */
public final class ExporterServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ExporterServer.class.getName());
    private static final String VERSION = readVersion();
    private static final Labels BUILD_INFO_LABELS = Labels.of("version", VERSION, "java_version",
            System.getProperty("java.version"));

    static {
        useNoDelay();
    }

    /**
     * The JDK server writes headers and body separately; without TCP_NODELAY, Nagle and delayed ACKs add up to
     * 40 ms to a scrape. The JDK reads the property once, when its server configuration class loads, so this must
     * run before any HttpServer is created ({@link ExporterMain} calls it first thing; the static block covers
     * applications that embed this server).
     */
    static void useNoDelay() {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final ExporterConfig config;
    private final MemcachedCollector collector;
    private final TargetAllowlist allowlist;
    private final Semaphore inFlight;
    /**
     * The default format (Prometheus text 0.0.4) is written directly, into a buffer each HTTP thread reuses;
     * client_java writes the formats a client must ask for (OpenMetrics, protobuf), built when first asked.
     */
    private final ThreadLocal<PrometheusText> text = ThreadLocal.withInitial(() -> new PrometheusText(64 * 1024));
    private volatile ExpositionFormatWriter openMetrics;
    private volatile ExpositionFormatWriter protobuf;
    private final HttpServer server;
    private final ExecutorService executor;

    public ExporterServer(ExporterConfig config, MemcachedCollector collector) throws IOException {
        this.config = config;
        this.collector = collector;
        this.allowlist = new TargetAllowlist(config.allowedTargets());
        this.inFlight = new Semaphore(config.maxRequests());
        InetSocketAddress bind = config.listenHost().isEmpty() ? new InetSocketAddress(config.listenPort())
                : new InetSocketAddress(config.listenHost(), config.listenPort());
        this.server = HttpServer.create(bind, 64);
        AtomicInteger threads = new AtomicInteger();
        // a few more threads than scrapes allowed, so that refusals (403, 503) are answered at once
        this.executor = Executors.newFixedThreadPool(config.maxRequests() + 2, r -> {
            Thread thread = new Thread(r, "exporter-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    public ExporterServer start() {
        server.start();
        return this;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
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

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
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
            if (exchange.getResponseCode() < 0) { // nothing sent yet: say so rather than drop the connection
                problem(exchange, 500, "Internal Server Error", String.valueOf(e.getMessage()));
            }
        } finally {
            exchange.close();
        }
    }

    private void metrics(HttpExchange exchange) throws IOException {
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

    private void scrape(HttpExchange exchange) throws IOException {
        List<String> targets = queryValues(exchange.getRequestURI(), "target");
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

    private boolean admit(HttpExchange exchange) throws IOException {
        if (inFlight.tryAcquire()) {
            return true;
        }
        problem(exchange, 503, "Service Unavailable", "more than " + config.maxRequests()
                + " scrapes in flight (--web.max-requests)");
        return false;
    }

    private Duration budget(HttpExchange exchange) throws IOException {
        try {
            return MemcachedCollector.budget(config.timeout(),
                    exchange.getRequestHeaders().getFirst(MemcachedCollector.TIMEOUT_HEADER));
        } catch (IllegalArgumentException e) {
            problem(exchange, 400, "Bad Request", e.getMessage());
            return null;
        }
    }

    /**
     * Sends the samples in the negotiated format with one write of a known length (Content-Length, no chunking),
     * straight from the buffer it was written into; gzip (chunked) only when the client asks for it.
     */
    private void write(HttpExchange exchange, Samples samples) throws IOException {
        ExpositionFormatWriter negotiated = clientJavaWriter(exchange.getRequestHeaders().getFirst("Accept"));
        if (negotiated != null) { // OpenMetrics or protobuf: rare, so client_java's snapshots and writers
            ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
            negotiated.write(body, samples.toSnapshots());
            sendBody(exchange, negotiated.getContentType(), body.toByteArray(), body.size());
            return;
        }
        PrometheusText body = text.get().write(samples);
        try {
            sendBody(exchange, PrometheusText.CONTENT_TYPE, body.array(), body.size());
        } finally {
            body.release();
        }
    }

    private static void sendBody(HttpExchange exchange, String contentType, byte[] body, int length)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        String encoding = exchange.getRequestHeaders().getFirst("Accept-Encoding");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        if (encoding != null && encoding.contains("gzip") && !head) {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = new GZIPOutputStream(exchange.getResponseBody())) {
                out.write(body, 0, length);
            }
        } else {
            exchange.sendResponseHeaders(200, head ? -1 : length);
            if (!head) {
                exchange.getResponseBody().write(body, 0, length);
            }
        }
    }

    /**
     * client_java's negotiation order (ExpositionFormats.findWriter): protobuf, then OpenMetrics, else the text
     * format, which is ours to write: null then.
     */
    private ExpositionFormatWriter clientJavaWriter(String accept) {
        if (accept == null || accept.isEmpty()) {
            return null;
        }
        if (accept.contains("application/vnd.google.protobuf")) {
            if (protobuf == null) {
                protobuf = new PrometheusProtobufWriter();
            }
            if (protobuf.accepts(accept)) {
                return protobuf;
            }
        }
        if (!accept.contains("application/openmetrics-text")) {
            return null;
        }
        if (openMetrics == null) {
            openMetrics = OpenMetricsTextFormatWriter.create();
        }
        return openMetrics.accepts(accept) ? openMetrics : null;
    }

    private void landing(HttpExchange exchange) throws IOException {
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

    private static void problem(HttpExchange exchange, int status, String title, String detail) throws IOException {
        String json = "{\"type\":\"about:blank\",\"title\":\"" + json(title) + "\",\"status\":" + status
                + ",\"detail\":\"" + json(detail) + "\"}";
        send(exchange, status, "application/problem+json", json);
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            exchange.getResponseBody().write(bytes);
        }
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
