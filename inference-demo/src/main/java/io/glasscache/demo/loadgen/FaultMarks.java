package io.glasscache.demo.loadgen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;

/**
 * Windows of a run marked while it goes (a fault injected, then cleared), each with the latencies and answers of the
 * seconds that overlap it: their own P99 from the merged per-second histograms, not a percentile of percentiles.
 * Lines {@code start LABEL} and {@code end LABEL} open and close a window at the moment they are read; a window
 * still open when the run ends closes with it. Thread-safe: the stdin reader marks, the ticker accounts.
 */
final class FaultMarks {

    static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final long highestNanos;
    private final Map<String, Window> windows = new LinkedHashMap<>();

    FaultMarks(long highestNanos) {
        this.highestNanos = highestNanos;
    }

    /**
     * Opens a window at {@code second} (since the measured start); false, and nothing changes, when the label is
     * malformed or already used.
     */
    synchronized boolean start(String label, double second) {
        if (!LABEL.matcher(label).matches() || windows.containsKey(label)) {
            return false;
        }
        windows.put(label, new Window(label, Math.max(0, second), new Histogram(highestNanos, 3)));
        return true;
    }

    /** Closes the open window {@code label} at {@code second}; false when there is no such open window. */
    synchronized boolean end(String label, double second) {
        Window window = windows.get(label);
        if (window == null || window.end != null) {
            return false;
        }
        window.end = Math.max(window.start, second);
        return true;
    }

    /**
     * Accounts the run's second {@code second} (the interval {@code (second-1, second]}) to every window it
     * overlaps: its latencies and its answers per kind, in the order of {@link Counts}.
     */
    synchronized void second(int second, Histogram interval, long[] counts) {
        for (Window window : windows.values()) {
            if (window.start < second && (window.end == null || window.end > second - 1)) {
                window.latencies.add(interval);
                for (int i = 0; i < counts.length; i++) {
                    window.counts[i] += counts[i];
                }
            }
        }
    }

    /** Every window, the open ones closed at {@code runSeconds}. */
    synchronized List<LoadReport.Mark> report(double runSeconds) {
        List<LoadReport.Mark> marks = new ArrayList<>();
        for (Window w : windows.values()) {
            double end = w.end == null ? Math.max(w.start, runSeconds) : w.end;
            long[] c = w.counts;
            marks.add(new LoadReport.Mark(w.label, round(w.start), round(end), w.latencies.getTotalCount(),
                    c[Counts.ERRORS], c[Counts.LOST], c[Counts.MODEL], c[Counts.MODEL_LATE], c[Counts.FAILOVER],
                    c[Counts.FAILOVER_PARENT], c[Counts.EMPTY], c[Counts.EXHAUSTED],
                    ms(w.latencies.getValueAtPercentile(50)), ms(w.latencies.getValueAtPercentile(99)),
                    ms(w.latencies.getMaxValue())));
        }
        return marks;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }

    /** Positions of the per-second answer counts given to {@link #second}. */
    static final class Counts {
        static final int ERRORS = 0;
        static final int LOST = 1;
        static final int MODEL = 2;
        static final int MODEL_LATE = 3;
        static final int FAILOVER = 4;
        static final int FAILOVER_PARENT = 5;
        static final int EMPTY = 6;
        static final int EXHAUSTED = 7;
        static final int SIZE = 8;

        private Counts() {
        }
    }

    private static final class Window {
        final String label;
        final double start;
        final Histogram latencies;
        final long[] counts = new long[Counts.SIZE];
        Double end;

        Window(String label, double start, Histogram latencies) {
            this.label = label;
            this.start = start;
            this.latencies = latencies;
        }
    }
}
