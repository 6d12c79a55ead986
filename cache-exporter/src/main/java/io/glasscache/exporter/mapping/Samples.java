package io.glasscache.exporter.mapping;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.glasscache.exporter.stats.MemcachedStats;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;

/**
 * Collects samples family by family, so that several instances scraped in one request (discovery) end up as one
 * family with one data point per instance, then turns them into client_java snapshots ({@link #toSnapshots()}),
 * which client_java's writers expose in every format. Not thread-safe: one per scrape.
 */
public final class Samples {

    private final Map<Family, List<Point>> points = new EnumMap<>(Family.class);

    /** A sample as exposed: scaled, a counter never below 0, an info always 1. */
    private record Point(Labels labels, double value) {
    }

    /** Adds one sample of {@code family}, scaled to its unit; a counter is never below 0, an info always 1. */
    public void add(Family family, Labels labels, double value) {
        double exposed = value * family.scale();
        if (family.type() == Family.Type.COUNTER) {
            exposed = Math.max(0, exposed);
        } else if (family.type() == Family.Type.INFO) {
            exposed = 1;
        }
        points.computeIfAbsent(family, f -> new ArrayList<>()).add(new Point(labels, exposed));
    }

    /**
     * Adds every family {@code stats} supports (per the switches), labelled with {@code base}: empty, or
     * {@code memcached_instance} when several servers are scraped at once. Values that are present but not numbers
     * are skipped and counted, never thrown.
     *
     * @return how many values could not be parsed
     */
    public int addStats(MemcachedStats stats, CollectorSwitches switches, Labels base) {
        return StatsMapper.map(stats, switches, this, base);
    }

    boolean contains(Family family) {
        return points.containsKey(family);
    }

    /** The families in catalogue order, each with its points in the order they were added. */
    public MetricSnapshots toSnapshots() {
        List<MetricSnapshot> snapshots = new ArrayList<>(points.size());
        for (Map.Entry<Family, List<Point>> entry : points.entrySet()) {
            snapshots.add(snapshot(entry.getKey(), entry.getValue()));
        }
        return new MetricSnapshots(snapshots);
    }

    private static MetricSnapshot snapshot(Family family, List<Point> points) {
        switch (family.type()) {
            case COUNTER: {
                CounterSnapshot.Builder builder = CounterSnapshot.builder().name(family.snapshotName())
                        .help(family.help());
                for (Point p : points) {
                    builder.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(p.labels)
                            .value(p.value).build());
                }
                return builder.build();
            }
            case INFO: {
                InfoSnapshot.Builder builder = InfoSnapshot.builder().name(family.snapshotName()).help(family.help());
                for (Point p : points) {
                    builder.dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(p.labels).build());
                }
                return builder.build();
            }
            case UNTYPED: {
                UnknownSnapshot.Builder builder = UnknownSnapshot.builder().name(family.snapshotName())
                        .help(family.help());
                for (Point p : points) {
                    builder.dataPoint(UnknownSnapshot.UnknownDataPointSnapshot.builder().labels(p.labels)
                            .value(p.value).build());
                }
                return builder.build();
            }
            default: {
                GaugeSnapshot.Builder builder = GaugeSnapshot.builder().name(family.snapshotName())
                        .help(family.help());
                for (Point p : points) {
                    builder.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(p.labels)
                            .value(p.value).build());
                }
                return builder.build();
            }
        }
    }
}
