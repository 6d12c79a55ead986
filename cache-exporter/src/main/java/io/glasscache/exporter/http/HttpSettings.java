package io.glasscache.exporter.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the HTTP side serves and how, as the flags give it.
 *
 * @param listenHost     host to bind, empty for every interface
 * @param telemetryPath  path of the configured (or discovered) servers' metrics, e.g. {@code /metrics}
 * @param scrapePath     path of multi-target scrapes, e.g. {@code /scrape}
 * @param maxRequests    scrapes served at once; more get HTTP 503
 * @param scrapeTimeout  longest a scrape may take ({@code --memcached.timeout}); Prometheus' timeout header lowers
 *                       it per scrape, and the response time limit is derived from it
 * @param allowedTargets /scrape allowlist patterns ({@code *} and {@code ?} wildcards, matched on host:port)
 * @param webConfigFile  {@code --web.config.file} (TLS and basic auth), or null
 */
public record HttpSettings(String listenHost, int listenPort, String telemetryPath, String scrapePath,
                           int maxRequests, Duration scrapeTimeout, List<String> allowedTargets, Path webConfigFile) {

    /** @throws IllegalArgumentException for an allowlist pattern that names no port */
    public HttpSettings {
        allowedTargets = List.copyOf(allowedTargets);
        allowedTargets.forEach(TargetAllowlist::checkPattern);
        if (maxRequests < 1) {
            throw new IllegalArgumentException("maxRequests must be at least 1: " + maxRequests);
        }
    }
}
