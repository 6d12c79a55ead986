package io.glasscache.exporter.http;

import java.time.Duration;

import io.glasscache.exporter.stats.MemcachedAddress;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/** What the HTTP server serves: the standalone exporter implements it over its collector. */
public interface Scrapes {

    /** The telemetry path: the configured server, or every discovered one, within {@code budget}. */
    MetricSnapshots metrics(Duration budget);

    /** One {@code /scrape} target, already found allowed, within {@code budget}. */
    MetricSnapshots target(MemcachedAddress target, Duration budget);

    /**
     * Whether {@code target} is the configured server or one that discovery finds now (the allowlist is checked
     * apart). Must not connect to {@code target}.
     */
    boolean known(MemcachedAddress target, long deadlineNanos);

    /** What is scraped, and the version, for the landing page. */
    String description();
}
