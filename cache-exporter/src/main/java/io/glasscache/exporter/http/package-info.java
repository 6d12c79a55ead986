/**
 * The exporter's HTTP side on the JDK's {@code com.sun.net.httpserver} and client_java's exposition writers: the
 * telemetry and multi-target scrape paths with their checks (Prometheus' timeout header, the {@code /scrape}
 * allowlist, {@code --web.max-requests}), the JDK server's limits, and {@code --web.config.file} (TLS, bcrypt basic
 * auth, response headers). Public: {@link io.glasscache.exporter.http.ExporterHttpServer}, its
 * {@link io.glasscache.exporter.http.HttpSettings}, what it serves ({@link io.glasscache.exporter.http.Scrapes}) and
 * {@link io.glasscache.exporter.http.WebConfigException}; the rest is package-private.
 */
package io.glasscache.exporter.http;
