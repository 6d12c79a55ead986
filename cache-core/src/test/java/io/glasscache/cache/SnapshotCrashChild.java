package io.glasscache.cache;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Run in a child JVM by {@link SnapshotCrashIT}, which SIGKILLs it at random points: restores whatever the previous
 * (killed) child left, then records self-checking screens and snapshots in a loop until killed.
 */
public final class SnapshotCrashChild {

    static final String CACHE = "crash";
    static final int KEYS = 200;
    static final int VALUES = 20;
    static final int VALUE_BYTES = 2_000;

    private SnapshotCrashChild() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int run = Integer.parseInt(args[1]);
        FailoverCache<Screen> cache = FailoverCache.builder(CACHE, Screen.codec()).snapshotDirectory(dir)
                .snapshotInterval(Duration.ZERO).valuesPerKey(VALUES).queueCapacity(100_000)
                .capacity(64L * 1024 * 1024).build();
        RestoreReport restored = cache.restore();
        System.out.println("CHILD restored=" + restored.restored() + " skipped=" + restored.skipped());
        for (int round = 0; ; round++) {
            long start = System.nanoTime();
            for (int k = 0; k < KEYS; k++) {
                cache.record(key(k), Screen.sized(run + "/" + round + "/" + k, VALUE_BYTES));
            }
            cache.awaitDrained(Duration.ofSeconds(10));
            SnapshotReport report = cache.snapshot();
            System.out.println("CHILD snapshot generation=" + report.generation() + " success=" + report.success()
                    + " records=" + report.records() + " took=" + report.took().toMillis() + "ms round="
                    + (System.nanoTime() - start) / 1_000_000 + "ms");
        }
    }

    static FailoverKey key(int k) {
        return FailoverKey.of("g" + k % 4, "s" + k);
    }
}
