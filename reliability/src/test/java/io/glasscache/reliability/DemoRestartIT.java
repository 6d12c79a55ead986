package io.glasscache.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The demo killed and started again, twice, in the ways that found BUG-1 and BUG-2 (docs/reliability.md). In the full
 * run only ({@code -Pfaults}; the default build excludes it): the default build's fault suite already restarts the
 * demo once, with the suite's 2 s snapshot interval and no empty answer allowed, and cache-core's tests pin the order
 * (restore, then snapshots).
 */
@ExtendWith(StackExtension.class)
@Order(50)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoRestartIT {

    /**
     * A restarted demo restores the last snapshot of the process before, whatever its snapshot interval: it restores
     * as its failover cache is built, before its first periodic snapshot (BUG-1 was an empty snapshot, taken before
     * a later restore, that replaced the last good one).
     */
    @Test
    @Order(1)
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aRestartRestoresTheLastSnapshotWhateverTheSnapshotInterval(Stack stack) throws Exception {
        killTheDemoOnceItHasASnapshot(stack);
        Path before = last(stack);
        long expected = records(before);
        // shorter than any start-up: with a restore after the first snapshot, that snapshot would be restored
        stack.up(Map.of("DEMO_ARGS", "--glasscache.failover.snapshot-interval=250ms"));
        String log = Files.readString(stack.log("inference-demo"));
        Faults.killNine(stack.pid("inference-demo"));
        stack.up(); // the suite's own settings for what follows
        Matcher restored = Pattern.compile("Failover cache screens: restored (\\d+) values from (\\S+) ").matcher(log);
        String line = null;
        while (restored.find()) {
            line = restored.group();
        }
        assertThat(line).as("restore after the restart").isEqualTo("Failover cache screens: restored " + expected
                + " values from " + before + " ");
    }

    /**
     * A restarted demo answers from its snapshot from its first request: restarted here during a feature-store outage
     * (one connection, no queue: nearly every call refused) under requests that start before its port opens, not one
     * is answered empty (BUG-2 was a port opened before the restore).
     */
    @Test
    @Order(2)
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void noEmptyAnswerWhileTheDemoStarts(Stack stack) throws Exception {
        killTheDemoOnceItHasASnapshot(stack);
        CompletableFuture<Void> up = CompletableFuture.runAsync(() -> stack.up(Map.of("DEMO_ARGS",
                "--demo.feature-store.concurrency=1 --demo.feature-store.queue-capacity=0")));
        AtomicLong empty = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            for (int t = 0; t < 8; t++) {
                int thread = t;
                clients.submit(() -> {
                    long i = 0;
                    while (!up.isDone() && i < 20_000) { // bounded: until ready, at most 20,000 requests a thread
                        try {
                            var answer = Http.get(stack.demo("/api/v1/recommendations?userId=start-" + thread + "-"
                                    + i++ + "&scene=destination:" + (1 + i % 1000)), Duration.ofSeconds(5));
                            answered.incrementAndGet();
                            if (answer.body().contains("\"source\":\"empty\"")) {
                                empty.incrementAndGet();
                            }
                        } catch (RuntimeException notListeningYet) {
                            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                        }
                    }
                    return null;
                });
            }
            up.get(4, TimeUnit.MINUTES);
        } finally {
            clients.shutdown();
            clients.awaitTermination(30, TimeUnit.SECONDS);
        }
        Faults.killNine(stack.pid("inference-demo"));
        stack.up(); // the suite's own settings for what follows
        assertThat(answered.get()).as("answers before readiness").isPositive();
        assertThat(empty.get()).as("empty answers among the " + answered.get() + " before readiness").isZero();
    }

    /** Some traffic until a snapshot holds records, then kill -9 the demo. */
    private static void killTheDemoOnceItHasASnapshot(Stack stack) {
        Faults.until("a snapshot with records", Duration.ofSeconds(60), () -> {
            new Demo(stack).recommend("u" + System.nanoTime() % 1000, "destination:" + (1 + System.nanoTime() % 50));
            return records(last(stack)) > 0;
        });
        Faults.killNine(stack.pid("inference-demo"));
    }

    private static Path last(Stack stack) throws IOException {
        try (var files = Files.list(stack.snapshotDir())) {
            return files.filter(p -> p.getFileName().toString().matches("screens\\.\\d+\\.snap")).sorted()
                    .reduce((a, b) -> b).orElseThrow();
        }
    }

    private static long records(Path snapshot) throws IOException {
        return DemoCrash.recordCount(snapshot);
    }
}
