package io.glasscache.cache.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import io.glasscache.cache.StoreType;

/**
 * Where {@code FailoverBenchmark.sample}'s slowest percent comes from: times every call of a plain loop (JMH samples
 * a subset), then prints the percentiles, the share of calls over the median + 4 µs, and how many calls lie between
 * two such slow calls. Slow calls that recur every ~27 calls are TLAB refills: a sample allocates ~19.5 KB (the
 * decoded screen), and G1 caps a TLAB at half a heap region, 512 KB with the 1 MB regions of a 2 GB heap. Not a JMH
 * benchmark: it needs every call's time in order, not a sampled distribution.
 *
 * <pre>java -Xmx2g [-XX:G1HeapRegionSize=32m] -cp benchmarks.jar io.glasscache.cache.bench.FailoverSampleTail HEAP 2000000</pre>
 */
public final class FailoverSampleTail {

    private static final long SLOW_OVER_MEDIAN_NANOS = 4_000;

    @SuppressWarnings("unused")
    private static volatile Object sink; // keeps each result alive past the call, as a caller would

    private FailoverSampleTail() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: FailoverSampleTail OFF_HEAP|HEAP <calls>");
            System.exit(2);
        }
        FailoverBenchmark bench = new FailoverBenchmark();
        bench.store = StoreType.valueOf(args[0]);
        bench.codecKind = FailoverBenchmark.Codec.RECORD;
        int calls = Integer.parseInt(args[1]);
        bench.setUp();
        try {
            for (int i = 0; i < 600_000; i++) { // warm-up: C2 has compiled the read path well before this
                sink = bench.sample();
            }
            long[] nanos = new long[calls];
            for (int i = 0; i < calls; i++) {
                long start = System.nanoTime();
                sink = bench.sample();
                nanos[i] = System.nanoTime() - start;
            }
            report(nanos);
        } finally {
            bench.tearDown();
        }
    }

    private static void report(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        System.out.printf("calls=%d p50=%.2f p90=%.2f p95=%.2f p98=%.2f p99=%.2f p99.9=%.2f us%n", n,
                sorted[n / 2] / 1e3, sorted[n * 90 / 100] / 1e3, sorted[n * 95 / 100] / 1e3,
                sorted[n * 98 / 100] / 1e3, sorted[n * 99 / 100] / 1e3, sorted[(int) (n * 0.999)] / 1e3);
        long threshold = sorted[n / 2] + SLOW_OVER_MEDIAN_NANOS;
        Map<Integer, Integer> gaps = new TreeMap<>();
        int slow = 0;
        int previous = -1;
        for (int i = 0; i < n; i++) {
            if (nanos[i] > threshold) {
                slow++;
                if (previous >= 0 && i - previous <= 120) {
                    gaps.merge(i - previous, 1, Integer::sum);
                }
                previous = i;
            }
        }
        System.out.printf("slow calls (> p50 + 4 us): %d = %.2f%%%n", slow, 100.0 * slow / n);
        StringBuilder common = new StringBuilder();
        gaps.entrySet().stream().sorted(Map.Entry.<Integer, Integer>comparingByValue().reversed()).limit(8)
                .forEach(e -> common.append(' ').append(e.getKey()).append(" calls: ").append(e.getValue()).append(';'));
        System.out.println("most common distances between slow calls:" + common);
    }
}
