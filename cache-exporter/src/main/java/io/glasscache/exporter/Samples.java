package io.glasscache.exporter;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;

/**
 * Collects samples family by family, so that several instances scraped in one request (discovery) end up as one
 * family with one data point per instance. The one result of the mapping step: {@link PrometheusText} writes it
 * directly (the server's two text formats), {@link #toSnapshots()} turns it into client_java snapshots (the
 * {@code MultiCollector}, and protobuf when a client asks for it).
 */
final class Samples {

    private final Map<Family, List<Point>> points = new EnumMap<>(Family.class);

    /** A sample as exposed: scaled, a counter never below 0, an info always 1. */
    record Point(Labels labels, double value) {
    }

    void add(Family family, Labels labels, double value) {
        double exposed = value * family.scale();
        if (family.type() == Family.Type.COUNTER) {
            exposed = Math.max(0, exposed);
        } else if (family.type() == Family.Type.INFO) {
            exposed = 1;
        }
        points.computeIfAbsent(family, f -> new ArrayList<>()).add(new Point(labels, exposed));
    }

    /** Families in catalogue order, each with its points in the order they were added. */
    Map<Family, List<Point>> points() {
        return points;
    }

    boolean contains(Family family) {
        return points.containsKey(family);
    }

    MetricSnapshots toSnapshots() {
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
