package io.glasscache.cache.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class LoadSlotsTest {

    @Test
    void eightThreadsNeverRunMoreCallsThanSlotsAndEveryItemGoesOutOnce() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        AtomicInteger duplicates = new AtomicInteger();
        ExecutorService sources = Executors.newFixedThreadPool(4);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            LoadSlots<Integer> slots = new LoadSlots<>(3, 5, batch -> {
                mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                batchSizes.add(batch.size());
                batch.forEach(i -> {
                    if (!seen.add(i)) {
                        duplicates.incrementAndGet();
                    }
                });
                return CompletableFuture.runAsync(running::decrementAndGet, sources); // before the slot is freed
            });
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<?>> submitters = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                submitters.add(CompletableFuture.runAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    for (int i = 0; i < 2_000; i++) {
                        slots.submit(List.of(thread * 10_000 + i));
                    }
                }, callers));
            }
            start.countDown();
            CompletableFuture.allOf(submitters.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() >= 16_000);

            assertThat(seen).hasSize(16_000);
            assertThat(duplicates).hasValue(0);
            assertThat(mostRunning.get()).isBetween(1, 3);
            assertThat(batchSizes).allSatisfy(n -> assertThat(n).isBetween(1, 5));
            assertThat(slots.waiting()).isZero();
        } finally {
            callers.shutdownNow();
            sources.shutdownNow();
        }
    }

    @Test
    void callsThatCompleteAtOnceLoopInsteadOfRecursing() {
        List<Integer> out = new ArrayList<>();
        LoadSlots<Integer> slots = new LoadSlots<>(1, 1, batch -> {
            out.addAll(batch);
            return CompletableFuture.completedFuture(null);
        });
        List<Integer> many = IntStream.range(0, 200_000).boxed().toList();

        slots.submit(many); // 200,000 calls, each done before it returns: recursion would overflow the stack

        assertThat(out).isEqualTo(many);
    }

    @Test
    void aCallThatThrowsStillGivesItsSlotBack() {
        List<List<String>> calls = new ArrayList<>();
        LoadSlots<String> slots = new LoadSlots<>(1, 10, batch -> {
            calls.add(batch);
            if (calls.size() == 1) {
                throw new IllegalStateException("broken");
            }
            return CompletableFuture.completedFuture(null);
        });

        slots.submit(List.of("a"));
        slots.submit(List.of("b", "c"));

        assertThat(calls).containsExactly(List.of("a"), List.of("b", "c"));
        assertThat(slots.waiting()).isZero();
    }

    @Test
    void whatArrivesWhileEverySlotIsTakenLeavesTogetherWhenOneFrees() {
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        List<List<String>> calls = new ArrayList<>();
        LoadSlots<String> slots = new LoadSlots<>(2, 3, batch -> {
            calls.add(batch);
            CompletableFuture<Void> done = new CompletableFuture<>();
            pending.add(done);
            return done;
        });

        slots.submit(List.of("a"));
        slots.submit(List.of("b"));
        slots.submit(List.of("c", "d"));
        slots.submit(List.of("e", "f"));
        assertThat(calls).containsExactly(List.of("a"), List.of("b"));
        assertThat(slots.waiting()).isEqualTo(4);

        pending.get(1).complete(null);
        assertThat(calls).hasSize(3).last().isEqualTo(List.of("c", "d", "e"));
        pending.get(0).completeExceptionally(new IllegalStateException("a failed call frees its slot too"));
        assertThat(calls).hasSize(4).last().isEqualTo(List.of("f"));
        assertThat(slots.waiting()).isZero();
        assertThat(Collections.frequency(calls, List.of("a"))).isOne();
    }
}
