package io.glasscache.exporter.http;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * Every request, by exact path (the JDK server matches contexts by prefix): the telemetry path, the scrape path,
 * the landing page at {@code /}; other paths get 404 and methods other than GET and HEAD 405, as problem+json.
 */
final class Router implements HttpHandler {

    private static final Logger LOG = Logger.getLogger(Router.class.getName());

    private final HttpSettings settings;
    private final Scrapes scrapes;
    private final ScrapeHandler scrape;

    Router(HttpSettings settings, Scrapes scrapes, ScrapeHandler scrape) {
        this.settings = settings;
        this.scrapes = scrapes;
        this.scrape = scrape;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                Responses.problem(exchange, 405, "Method Not Allowed", method + " is not supported; use GET");
            } else if (path.equals(settings.telemetryPath())) {
                scrape.metrics(exchange);
            } else if (path.equals(settings.scrapePath())) {
                scrape.target(exchange);
            } else if (path.equals("/")) {
                landing(exchange);
            } else {
                Responses.problem(exchange, 404, "Not Found", "no page at " + path + "; see /");
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "client went away: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "request failed", e);
            if (exchange.getResponseCode() < 0) { // nothing sent yet: say so rather than drop the connection
                try {
                    Responses.problem(exchange, 500, "Internal Server Error", String.valueOf(e.getMessage()));
                } catch (IOException | RuntimeException again) {
                    LOG.log(Level.FINE, "could not answer 500: " + again.getMessage());
                }
            }
        } finally {
            exchange.close();
        }
    }

    private void landing(HttpExchange exchange) throws IOException {
        String telemetry = Responses.html(settings.telemetryPath());
        String html = "<!DOCTYPE html><html><head><title>GlassCache memcached exporter</title></head><body>"
                + "<h1>GlassCache memcached exporter</h1><p>" + Responses.html(scrapes.description()) + "</p><ul>"
                + "<li><a href=\"" + telemetry + "\">" + telemetry + "</a></li>"
                + "<li>" + Responses.html(settings.scrapePath()) + "?target=host:port (allowlisted targets only)</li>"
                + "</ul></body></html>\n";
        Responses.send(exchange, 200, "text/html; charset=utf-8", html);
    }
}
