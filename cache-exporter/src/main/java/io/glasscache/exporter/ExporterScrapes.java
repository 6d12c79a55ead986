package io.glasscache.exporter;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import io.glasscache.exporter.http.Scrapes;
import io.glasscache.exporter.mapping.Family;
import io.glasscache.exporter.mapping.Samples;
import io.glasscache.exporter.stats.MemcachedAddress;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/** What the standalone exporter serves over HTTP: its collector's scrapes, with the build info on the telemetry path. */
final class ExporterScrapes implements Scrapes {

    /** The exporter's version, from the build. */
    static final String VERSION = readVersion();
    private static final Labels BUILD_INFO = Labels.of("version", VERSION, "java_version",
            System.getProperty("java.version"));

    private final MemcachedCollector collector;
    private final MemcachedAddress configured;

    ExporterScrapes(MemcachedCollector collector, MemcachedAddress configured) {
        this.collector = collector;
        this.configured = configured;
    }

    @Override
    public MetricSnapshots metrics(Duration budget) {
        Samples samples = collector.sample(budget);
        samples.add(Family.BUILD_INFO, BUILD_INFO, 1);
        return samples.toSnapshots();
    }

    @Override
    public MetricSnapshots target(MemcachedAddress target, Duration budget) {
        return collector.collectTarget(target, budget);
    }

    /** The configured address, or an instance discovery finds now (its port, never a connection first). */
    @Override
    public boolean known(MemcachedAddress target, long deadlineNanos) {
        if (target.equals(configured)) {
            return true;
        }
        Discovery discovery = collector.discovery();
        if (discovery == null || target.isUnix() || target.port() != discovery.port()) {
            return false;
        }
        List<MemcachedAddress> discovered = collector.discover(deadlineNanos);
        return discovered != null && discovered.contains(target);
    }

    @Override
    public String description() {
        return "Version " + VERSION + ", scraping " + (collector.discovery() != null ? collector.discovery()
                : collector.target()) + ".";
    }

    private static String readVersion() {
        try (InputStream in = ExporterScrapes.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
