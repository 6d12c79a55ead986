package io.glasscache.exporter;

import java.time.Duration;

import io.glasscache.exporter.http.HttpSettings;
import io.glasscache.exporter.mapping.CollectorSwitches;
import io.glasscache.exporter.stats.MemcachedAddress;
import io.glasscache.exporter.stats.TlsSettings;

/**
 * The standalone exporter's settings, as parsed from its flags by {@link ExporterFlags}.
 *
 * @param discovery            null to scrape {@code address} alone
 * @param maxConcurrentTargets memcached servers queried at once
 * @param http                 what the HTTP server serves and how
 */
record ExporterConfig(MemcachedAddress address, Duration timeout, Discovery discovery, TlsSettings tls,
                      CollectorSwitches switches, int maxConcurrentTargets, HttpSettings http, String logLevel,
                      String logFormat) {
}
