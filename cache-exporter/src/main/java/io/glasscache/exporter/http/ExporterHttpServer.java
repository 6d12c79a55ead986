package io.glasscache.exporter.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * The exporter's HTTP(S) server: the JDK's {@code com.sun.net.httpserver} with the limits of
 * {@link JdkServerLimits}, TLS, basic auth and response headers from {@code --web.config.file}, and client_java's
 * exposition writers behind {@link ScrapeHandler}.
 */
public final class ExporterHttpServer implements AutoCloseable {

    private static final int BACKLOG = 128;
    /** How long {@link #close()} lets scrapes in progress finish. */
    private static final int GRACE_SECONDS = 2;

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final ScrapeHandler scrape;
    private final boolean tls;

    private ExporterHttpServer(HttpServer server, ThreadPoolExecutor executor, ScrapeHandler scrape, boolean tls) {
        this.server = server;
        this.executor = executor;
        this.scrape = scrape;
        this.tls = tls;
    }

    /**
     * Reads {@code --web.config.file}, sets the JDK server's limits, binds and starts serving.
     *
     * @throws WebConfigException if the web configuration file cannot be used
     * @throws IOException        if the address cannot be bound
     */
    public static ExporterHttpServer start(HttpSettings settings, Scrapes scrapes)
            throws IOException, WebConfigException {
        WebConfig web = settings.webConfigFile() == null ? WebConfig.NONE : WebConfig.load(settings.webConfigFile());
        HttpServer server;
        InetSocketAddress bind = settings.listenHost().isEmpty() ? new InetSocketAddress(settings.listenPort())
                : new InetSocketAddress(settings.listenHost(), settings.listenPort());
        HttpsConfigurator tls = null;
        if (web.tls() != null) {
            try {
                tls = WebTls.configurator(web.tls()); // before binding: a bad certificate leaves no port bound
            } catch (IllegalArgumentException e) {
                throw new WebConfigException(settings.webConfigFile() + ": " + e.getMessage(), e);
            }
        }
        Map<String, String> limits = JdkServerLimits.apply(settings); // before the first server: read once per JVM
        if (tls != null) {
            HttpsServer https = HttpsServer.create(bind, BACKLOG);
            https.setHttpsConfigurator(tls);
            server = https;
        } else {
            server = HttpServer.create(bind, BACKLOG);
        }
        AtomicInteger threads = new AtomicInteger();
        // a thread per request being read or answered; idle connections wait in the JDK's selector and hold none
        ThreadPoolExecutor executor = new ThreadPoolExecutor(0, JdkServerLimits.maxThreads(limits, settings), 60,
                TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "exporter-http-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        server.setExecutor(executor); // a request beyond its threads has its connection closed by the JDK
        ScrapeHandler scrape = new ScrapeHandler(settings, scrapes);
        HttpContext context = server.createContext("/", new Router(settings, scrapes, scrape));
        if (!web.users().isEmpty()) {
            context.setAuthenticator(new BcryptAuthenticator(web.users()));
        }
        if (!web.headers().isEmpty()) {
            context.getFilters().add(headers(web.headers()));
        }
        server.start(); // its dispatcher thread is no daemon: it keeps a standalone exporter running
        return new ExporterHttpServer(server, executor, scrape, web.tls() != null);
    }

    private static Filter headers(Map<String, String> headers) {
        return new Filter() {
            @Override
            public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
                headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
                chain.doFilter(exchange);
            }

            @Override
            public String description() {
                return "http_server_config.headers";
            }
        };
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Whether the server speaks HTTPS. */
    public boolean secure() {
        return tls;
    }

    /**
     * Stops accepting and closes every connection; scrapes in progress get {@value #GRACE_SECONDS} s to finish
     * first (the JDK's stop waits its whole delay even when nothing is in progress, so only then is there one).
     */
    @Override
    public void close() {
        server.stop(scrape.inFlight() > 0 ? GRACE_SECONDS : 0);
        executor.shutdown();
    }
}
