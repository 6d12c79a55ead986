package io.glasscache.demo.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The machine's CPU time as Linux counts it in {@code /proc/stat}: how much of it the hypervisor gave to other
 * guests ("steal"). On a shared VM that, not the app, decides whether a 50 ms P99 holds in a given minute, so each
 * run reports it next to its latencies. Absent (not zero) where there is no {@code /proc/stat}.
 *
 * <p>Not thread-safe: one caller (the load generator's ticker).
 */
final class HostCpu {

    static final Path PROC_STAT = Path.of("/proc/stat");

    /** user, nice, system, idle, iowait, irq, softirq, steal: guest time is already inside user and nice. */
    private static final int FIELDS = 8;
    private static final int STEAL = 7;

    private final Path source;
    private final long[] first;
    private long[] last;

    private HostCpu(Path source, long[] now) {
        this.source = source;
        this.first = now;
        this.last = now;
    }

    /** Starts counting from now; empty when {@code source} cannot be read or has no aggregate cpu line. */
    static Optional<HostCpu> open(Path source) {
        long[] now = read(source);
        return now == null ? Optional.empty() : Optional.of(new HostCpu(source, now));
    }

    /** Percent of CPU time stolen since the previous call (or the start); null if nothing could be read. */
    Double stealSinceLast() {
        long[] now = read(source);
        if (now == null) {
            return null;
        }
        Double share = stealPercent(last, now);
        last = now;
        return share;
    }

    /** Percent of CPU time stolen from the start up to the latest reading. */
    Double stealOverall() {
        return stealPercent(first, last);
    }

    static Double stealPercent(long[] from, long[] to) {
        long total = 0;
        for (int i = 0; i < FIELDS; i++) {
            total += to[i] - from[i];
        }
        return total <= 0 ? null : Math.round(1000.0 * (to[STEAL] - from[STEAL]) / total) / 10.0;
    }

    /** The aggregate {@code cpu} line's first eight counters, or null. */
    static long[] parse(String procStat) {
        for (String line : procStat.split("\n")) {
            if (!line.startsWith("cpu ")) {
                continue;
            }
            String[] parts = line.trim().split("\\s+");
            if (parts.length < FIELDS + 1) {
                return null; // a kernel too old to count steal
            }
            long[] counters = new long[FIELDS];
            try {
                for (int i = 0; i < FIELDS; i++) {
                    counters[i] = Long.parseLong(parts[i + 1]);
                }
            } catch (NumberFormatException e) {
                return null;
            }
            return counters;
        }
        return null;
    }

    private static long[] read(Path source) {
        try {
            return parse(Files.readString(source));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
