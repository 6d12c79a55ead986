package io.glasscache.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 a child JVM at random points while it records and writes snapshots, many times: after every kill the
 * directory restores without a damaged record, every value served is intact, and once any generation has completed
 * a restore always finds one.
 */
class SnapshotCrashIT {

    private static final int KILLS = 15;
    private static final Duration BUDGET = Duration.ofSeconds(70);

    @TempDir
    Path dir;
    @TempDir
    Path logs;

    /** Waits (bounded) until the child has started and restored, so the kill lands in its working loop. */
    private static void awaitRestored(Process child, Path log) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .failFast("child died", () -> !child.isAlive())
                .until(() -> Files.readString(log).contains("CHILD restored="));
    }

    @Test
    void snapshotsSurviveKillMinusNine() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Random random = new Random(2026_11_21L);
        long deadline = System.nanoTime() + BUDGET.toNanos();
        boolean everCompleted = false;
        int kills = 0;
        long restoredTotal = 0;
        for (int run = 0; run < KILLS && System.nanoTime() < deadline; run++) {
            Path log = logs.resolve("child-" + run + ".log");
            Process child = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp",
                    System.getProperty("java.class.path"), SnapshotCrashChild.class.getName(), dir.toString(),
                    Integer.toString(run)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                awaitRestored(child, log);
                Thread.sleep(random.nextInt(1200)); // then kill amid records or a snapshot in flight
                assertThat(child.isAlive()).as("child %d still running: %s", run, Files.readString(log)).isTrue();
            } finally {
                child.destroyForcibly(); // SIGKILL
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }
            kills++;
            everCompleted |= Files.readString(log).contains("success=true");

            try (FailoverCache<Screen> check = FailoverCache.builder(SnapshotCrashChild.CACHE, Screen.codec())
                    .store(StoreType.HEAP).snapshotDirectory(dir).snapshotInterval(Duration.ZERO)
                    .valuesPerKey(SnapshotCrashChild.VALUES).build()) {
                RestoreReport report = check.restore();
                assertThat(report.skippedCorrupt()).as("run %d: %s", run, report).isZero();
                assertThat(report.skippedTruncated()).as("run %d: %s", run, report).isZero();
                assertThat(report.skippedRejected()).as("run %d: %s", run, report).isZero();
                if (everCompleted) {
                    assertThat(report.restored()).as("run %d: a completed generation must restore", run)
                            .isPositive();
                    assertThat(report.file()).isNotNull();
                }
                restoredTotal += report.restored();
                for (int k = 0; k < SnapshotCrashChild.KEYS; k++) {
                    for (int i = 0; i < 3; i++) {
                        check.sample(SnapshotCrashChild.key(k))
                                .ifPresent(s -> assertThat(s.intact()).as("served value %s", s.id()).isTrue());
                    }
                }
                assertThat(check.stats().corruptReads()).isZero();
                // No stray files pile up: the kept generations, plus one renamed just before a kill cut its pruning,
                // plus one temporary file being written.
                try (var files = Files.list(dir)) {
                    List<String> names = files.map(p -> p.getFileName().toString()).toList();
                    assertThat(names.stream().filter(n -> n.endsWith(".snap"))).hasSizeLessThanOrEqualTo(3);
                    assertThat(names.stream().filter(n -> n.endsWith(".tmp"))).hasSizeLessThanOrEqualTo(1);
                }
            }
        }
        System.out.printf("SnapshotCrashIT: %d kills, %d values restored in total%n", kills, restoredTotal);
        assertThat(kills).isGreaterThanOrEqualTo(10);
        assertThat(everCompleted).as("at least one child completed a snapshot before being killed").isTrue();
        assertThat(restoredTotal).isPositive();
    }
}
