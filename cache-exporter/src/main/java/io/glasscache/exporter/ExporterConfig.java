package io.glasscache.exporter;

import java.time.Duration;
import java.util.List;

/**
 * The standalone exporter's settings, as parsed from its flags by {@link ExporterFlags}.
 *
 * @param listenHost         host to bind, empty for every interface
 * @param allowedTargets     /scrape allowlist patterns ({@code *} and {@code ?} wildcards, matched on host:port)
 * @param maxRequests        concurrent HTTP scrapes; more get 503
 * @param maxConcurrentTargets memcached servers queried at once
 */
public record ExporterConfig(MemcachedAddress address, Duration timeout, Discovery discovery, TlsSettings tls,
                             String listenHost, int listenPort, String telemetryPath, String scrapePath,
                             List<String> allowedTargets, int maxRequests, int maxConcurrentTargets,
                             CollectorSwitches switches, String logLevel, String logFormat) {
}
