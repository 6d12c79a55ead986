package io.glasscache.exporter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.glasscache.exporter.mapping.CollectorSwitches;
import io.glasscache.exporter.mapping.Samples;
import io.glasscache.exporter.stats.MemcachedStats;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * Test helpers for every package: the committed golden answers, and the text exposition of snapshots as sample ->
 * value.
 */
public final class Golden {

    private Golden() {
    }

    public static String file(String version, String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/memcached-" + version + "/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing golden file " + version + "/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static MemcachedStats stats(String version) {
        return MemcachedStats.parse(file(version, "stats.txt"), file(version, "stats-settings.txt"),
                file(version, "stats-slabs.txt"), file(version, "stats-items.txt"));
    }

    public static MetricSnapshots map(MemcachedStats stats, CollectorSwitches switches) {
        Samples samples = new Samples();
        samples.addStats(stats, switches, Labels.EMPTY);
        return samples.toSnapshots();
    }

    /** client_java's Prometheus text writer over {@code snapshots}. */
    public static String text(MetricSnapshots snapshots) {
        return write(PrometheusTextFormatWriter.create(), snapshots);
    }

    /** client_java's OpenMetrics writer over {@code snapshots}. */
    public static String openMetrics(MetricSnapshots snapshots) {
        return write(OpenMetricsTextFormatWriter.create(), snapshots);
    }

    private static String write(ExpositionFormatWriter writer, MetricSnapshots snapshots) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writer.write(out, snapshots);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** {@code name{labels}} (labels as written) -> value, for every sample line of a text exposition. */
    public static Map<String, Double> samples(String exposition) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }
}
