package io.glasscache.exporter.http;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import java.util.logging.Logger;

import com.sun.net.httpserver.HttpExchange;

import io.glasscache.exporter.stats.MemcachedAddress;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.common.PrometheusHttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.exporter.common.PrometheusHttpResponse;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.exporter.httpserver.HttpExchangeAdapter;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * The telemetry and scrape paths. Each request is checked (Prometheus' timeout header, the target and its
 * allowlist) and admitted (at most {@code --web.max-requests} at once, more get 503) here; what is admitted is then
 * written by client_java's scrape handler: the format the {@code Accept} header asks for (OpenMetrics, Prometheus
 * text or protobuf), gzip when {@code Accept-Encoding} allows it, and its {@code name[]} and {@code debug}
 * parameters.
 */
final class ScrapeHandler {

    /** The values client_java's writer takes for {@code debug}; it answers anything else with a 500. */
    static final Set<String> DEBUG_FORMATS = Set.of("openmetrics", "text", "prometheus-protobuf");

    /** The header Prometheus sends with its scrape timeout. */
    static final String TIMEOUT_HEADER = "X-Prometheus-Scrape-Timeout-Seconds";

    private static final Logger LOG = Logger.getLogger(ScrapeHandler.class.getName());

    private final HttpSettings settings;
    private final Scrapes scrapes;
    private final TargetAllowlist allowlist;
    private final Semaphore inFlight;
    private final PrometheusScrapeHandler writer;

    ScrapeHandler(HttpSettings settings, Scrapes scrapes) {
        this.settings = settings;
        this.scrapes = scrapes;
        this.allowlist = new TargetAllowlist(settings.allowedTargets());
        this.inFlight = new Semaphore(settings.maxRequests());
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new AdmittedCollector());
        this.writer = new PrometheusScrapeHandler(PrometheusProperties.get(), registry);
    }

    /** Scrapes in progress. */
    int inFlight() {
        return settings.maxRequests() - inFlight.availablePermits();
    }

    void metrics(HttpExchange exchange) throws IOException {
        if (!debugFormatKnown(exchange)) {
            return;
        }
        Duration budget = budget(exchange);
        if (budget != null) {
            admitted(exchange, () -> scrapes.metrics(budget));
        }
    }

    void target(HttpExchange exchange) throws IOException {
        List<String> targets = queryValues(exchange.getRequestURI().getRawQuery(), "target");
        if (targets.size() != 1 || targets.get(0).isBlank()) {
            Responses.problem(exchange, 400, "Bad Request", "give exactly one target: " + settings.scrapePath()
                    + "?target=host:port");
            return;
        }
        if (!debugFormatKnown(exchange)) {
            return;
        }
        MemcachedAddress target;
        try {
            target = MemcachedAddress.parse(targets.get(0));
        } catch (IllegalArgumentException e) {
            Responses.problem(exchange, 400, "Bad Request", e.getMessage());
            return;
        }
        Duration budget = budget(exchange);
        if (budget == null) {
            return;
        }
        if (!allowlist.allows(target) && !scrapes.known(target, System.nanoTime() + budget.toNanos())) {
            LOG.info("refused " + settings.scrapePath() + " of " + target + ": not on the allowlist nor known");
            Responses.problem(exchange, 403, "Forbidden", "target " + target + " is not allowed: add a matching "
                    + "pattern to --scrape.allowed-targets");
            return;
        }
        admitted(exchange, () -> scrapes.target(target, budget));
    }

    /** Runs {@code scrape} through client_java's writer if a slot is free, else answers 503. */
    private void admitted(HttpExchange exchange, Supplier<MetricSnapshots> scrape) throws IOException {
        if (!inFlight.tryAcquire()) {
            Responses.problem(exchange, 503, "Service Unavailable", "more than " + settings.maxRequests()
                    + " scrapes in flight (--web.max-requests)");
            return;
        }
        try {
            writer.handleRequest(new Admitted(exchange, scrape));
        } finally {
            inFlight.release();
        }
    }

    /** Whether every {@code debug} value is one the writer knows; false after answering 400 to another. */
    private static boolean debugFormatKnown(HttpExchange exchange) throws IOException {
        for (String format : queryValues(exchange.getRequestURI().getRawQuery(), "debug")) {
            if (!DEBUG_FORMATS.contains(format)) {
                Responses.problem(exchange, 400, "Bad Request", "debug must be one of openmetrics, text or "
                        + "prometheus-protobuf, got '" + format + "'");
                return false;
            }
        }
        return true;
    }

    /** The configured timeout, or 90% of Prometheus' when shorter; null after answering 400 to a bad header. */
    private Duration budget(HttpExchange exchange) throws IOException {
        try {
            return budget(settings.scrapeTimeout(), exchange.getRequestHeaders().getFirst(TIMEOUT_HEADER));
        } catch (IllegalArgumentException e) {
            Responses.problem(exchange, 400, "Bad Request", e.getMessage());
            return null;
        }
    }

    /**
     * The time a scrape may take: the configured timeout, or 90% of Prometheus' scrape timeout if that is shorter
     * (the rest is left for writing the answer).
     *
     * @throws IllegalArgumentException if the header is present but not a positive number
     */
    static Duration budget(Duration configured, String timeoutHeader) {
        if (timeoutHeader == null || timeoutHeader.isBlank()) {
            return configured;
        }
        double seconds;
        try {
            seconds = Double.parseDouble(timeoutHeader.trim());
        } catch (NumberFormatException e) {
            seconds = Double.NaN;
        }
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException(TIMEOUT_HEADER + " must be a positive number of seconds, got '"
                    + timeoutHeader + "'");
        }
        Duration fromHeader = Duration.ofNanos((long) (seconds * 0.9 * 1e9));
        return fromHeader.compareTo(configured) < 0 ? fromHeader : configured;
    }

    static List<String> queryValues(String rawQuery, String name) {
        List<String> values = new ArrayList<>();
        if (rawQuery == null) {
            return values;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                values.add(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    /** The registry's one collector: whatever scrape the request carries, nothing without one. */
    private static final class AdmittedCollector implements MultiCollector {
        @Override
        public MetricSnapshots collect() {
            return MetricSnapshots.builder().build();
        }

        @Override
        public MetricSnapshots collect(PrometheusScrapeRequest request) {
            return request instanceof Admitted admitted ? admitted.scrape.get() : collect();
        }
    }

    /**
     * An admitted request as client_java's handler sees it: the JDK exchange, with the scrape to run. A HEAD
     * request is shown without {@code Accept-Encoding}, since client_java would start a gzip body for it.
     */
    private static final class Admitted implements PrometheusHttpExchange, PrometheusHttpRequest {
        private final HttpExchange exchange;
        private final HttpExchangeAdapter adapter;
        private final Supplier<MetricSnapshots> scrape;

        Admitted(HttpExchange exchange, Supplier<MetricSnapshots> scrape) {
            this.exchange = exchange;
            this.adapter = new HttpExchangeAdapter(exchange);
            this.scrape = scrape;
        }

        @Override
        public PrometheusHttpRequest getRequest() {
            return this;
        }

        @Override
        public PrometheusHttpResponse getResponse() {
            return new PrometheusHttpResponse() {
                @Override
                public void setHeader(String name, String value) {
                    adapter.getResponse().setHeader(name, value);
                }

                @Override
                public java.io.OutputStream sendHeadersAndGetBody(int status, int length) throws IOException {
                    return new ClosingBody(adapter.getResponse().sendHeadersAndGetBody(status, length), exchange);
                }
            };
        }

        @Override
        public void handleException(IOException e) throws IOException {
            if (exchange.getResponseCode() >= 0) { // the answer had begun: the client went away, nothing to tell it
                LOG.fine(() -> "client went away mid-answer: " + e.getMessage());
                return;
            }
            adapter.handleException(e);
        }

        @Override
        public void handleException(RuntimeException e) {
            adapter.handleException(e);
        }

        @Override
        public void close() {
            adapter.close();
        }

        @Override
        public String getQueryString() {
            return exchange.getRequestURI().getRawQuery();
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            if (name.equalsIgnoreCase("Accept-Encoding") && getMethod().equals("HEAD")) {
                return Collections.emptyEnumeration();
            }
            List<String> values = exchange.getRequestHeaders().get(name);
            return values == null ? Collections.emptyEnumeration() : Collections.enumeration(values);
        }

        @Override
        public String getMethod() {
            return exchange.getRequestMethod();
        }

        @Override
        public String getRequestPath() {
            return exchange.getRequestURI().getPath();
        }
    }
}
