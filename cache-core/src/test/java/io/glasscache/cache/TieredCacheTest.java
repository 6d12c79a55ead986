package io.glasscache.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Behaviour of the tiered cache with L1 and the source only (L2 behaviour is in {@code TieredCacheIT}). */
class TieredCacheTest {

    private static final String P = "model_serving.feature_cache";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock();
    private final List<TieredCache<?, ?>> caches = new ArrayList<>();

    @AfterEach
    void closeCaches() {
        caches.forEach(TieredCache::close);
    }

    private <K, V> TieredCache.Builder<K, V> builder(String name) {
        return TieredCache.<K, V>builder(name).meterRegistry(registry).clock(clock);
    }

    private <K, V> TieredCache<K, V> track(TieredCache<K, V> cache) {
        caches.add(cache);
        return cache;
    }

    private double count(String name, String... tags) {
        var search = registry.find(P + "." + name).tags(tags);
        if (search.functionCounter() != null) {
            return search.functionCounter().count(); // requests and hits
        }
        return search.counter() != null ? search.counter().count() : search.timer().count();
    }

    @Test
    void readsThroughTheSourceThenServesFromL1() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        TieredCache<String, String> cache = track(TieredCache.<String, String>builder("users")
                .meterRegistry(registry).clock(clock)
                .loader(k -> CompletableFuture.completedFuture("v-" + k + "-" + loads.incrementAndGet()))
                .build());

        assertThat(cache.get("a").get(1, TimeUnit.SECONDS)).isEqualTo("v-a-1");
        assertThat(cache.get("a").get(1, TimeUnit.SECONDS)).isEqualTo("v-a-1");
        assertThat(loads).hasValue(1);
        assertThat(count("requests", "cache_name", "users", "operation", "get")).isEqualTo(2);
        assertThat(count("hits", "cache_name", "users", "operation", "get", "tier", "l1")).isEqualTo(1);
        assertThat(count("misses", "cache_name", "users", "operation", "get")).isEqualTo(1);
        assertThat(count("loads", "cache_name", "users", "result", "success")).isEqualTo(1);
        assertThat(count("latency", "cache_name", "users", "operation", "get", "tier", "l1")).isEqualTo(1);
        assertThat(count("latency", "cache_name", "users", "operation", "get", "tier", "source")).isEqualTo(1);
        // Caffeine's standard meters for L1
        assertThat(registry.find("cache.gets").tag("cache", "users").tag("result", "hit").functionCounter())
                .isNotNull();
    }

    @Test
    void thousandConcurrentGetsOfOneColdKeyShareOneLoad() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        CompletableFuture<String> source = new CompletableFuture<>();
        TieredCache<String, String> cache = track(this.<String, String>builder("hot")
                .loader(k -> {
                    loads.incrementAndGet();
                    return source;
                }).build());
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<CompletableFuture<String>> results = new CopyOnWriteArrayList<>();
        CountDownLatch issued = new CountDownLatch(1000);
        try {
            for (int i = 0; i < 1000; i++) {
                pool.execute(() -> {
                    results.add(cache.get("cold"));
                    issued.countDown();
                });
            }
            assertThat(issued.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdown();
        }
        source.complete("value");
        for (CompletableFuture<String> r : results) {
            assertThat(r.get(5, TimeUnit.SECONDS)).isEqualTo("value");
        }
        assertThat(loads).hasValue(1);
        assertThat(count("loads", "cache_name", "hot", "result", "success")).isEqualTo(1);
        assertThat(count("coalesced.waiters", "cache_name", "hot")).isEqualTo(999);
        assertThat(count("misses", "cache_name", "hot", "operation", "get")).isEqualTo(1000);
    }

    @Test
    void servesStaleWhileOneBackgroundLoadRevalidates() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        AtomicReference<CompletableFuture<String>> next = new AtomicReference<>(
                CompletableFuture.completedFuture("v1"));
        TieredCache<String, String> cache = track(this.<String, String>builder("swr")
                .ttl(Duration.ofSeconds(10)).ttlJitter(0).staleWhileRevalidate(Duration.ofSeconds(30))
                .l1ExpireAfterWrite(Duration.ofHours(1))
                .loader(k -> {
                    loads.incrementAndGet();
                    return next.get();
                }).build());
        assertThat(cache.get("k").get()).isEqualTo("v1");

        clock.advance(Duration.ofSeconds(15)); // past freshness, inside the window
        CompletableFuture<String> refresh = new CompletableFuture<>();
        next.set(refresh);
        assertThat(cache.get("k").get(1, TimeUnit.SECONDS)).isEqualTo("v1");
        assertThat(cache.get("k").get(1, TimeUnit.SECONDS)).isEqualTo("v1");
        // one background refresh for both reads (started on the executor)
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> loads.get() == 2);
        refresh.complete("v2");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> "v2".equals(cache.get("k").get(1, TimeUnit.SECONDS)));
        assertThat(loads).hasValue(2);
        assertThat(count("stale.served", "cache_name", "swr", "reason", "revalidate")).isGreaterThanOrEqualTo(2);
        assertThat(count("misses", "cache_name", "swr", "operation", "get")).isEqualTo(1);
    }

    @Test
    void servesStaleIfTheSourceFailsAndFailsOnceNothingIsHeld() throws Exception {
        AtomicReference<CompletableFuture<String>> next = new AtomicReference<>(
                CompletableFuture.completedFuture("v1"));
        TieredCache<String, String> cache = track(this.<String, String>builder("sie")
                .ttl(Duration.ofSeconds(10)).ttlJitter(0).staleWhileRevalidate(Duration.ZERO)
                .staleIfError(Duration.ofMinutes(5)).l1ExpireAfterWrite(Duration.ofHours(1))
                .loader(k -> next.get()).build());
        assertThat(cache.get("k").get()).isEqualTo("v1");

        next.set(CompletableFuture.failedFuture(new IllegalStateException("source down")));
        clock.advance(Duration.ofSeconds(20));
        assertThat(cache.get("k").get(1, TimeUnit.SECONDS)).isEqualTo("v1");
        assertThat(count("stale.served", "cache_name", "sie", "reason", "error")).isEqualTo(1);
        assertThat(count("operation.errors", "cache_name", "sie", "operation", "get", "reason", "load_failure"))
                .isEqualTo(1);
        assertThat(count("loads", "cache_name", "sie", "result", "failure")).isEqualTo(1);

        clock.advance(Duration.ofMinutes(6)); // past the stale-if-error window: the entry has left L1
        assertThatThrownBy(() -> cache.get("k").get(1, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("source down");
    }

    @Test
    void theLoadTimeoutSitsOnTheSharedLoad() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        TieredCache<String, String> cache = track(this.<String, String>builder("slow")
                .loadTimeout(Duration.ofMillis(100))
                .loader(k -> {
                    loads.incrementAndGet();
                    return new CompletableFuture<>(); // never answers
                }).build());
        CompletableFuture<String> a = cache.get("k");
        CompletableFuture<String> b = cache.get("k");
        assertThatThrownBy(() -> a.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class);
        assertThatThrownBy(() -> b.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class);
        assertThat(loads).hasValue(1);
        assertThat(count("loads", "cache_name", "slow", "result", "timeout")).isEqualTo(1);
        assertThat(count("operation.errors", "cache_name", "slow", "operation", "get", "reason", "load_timeout"))
                .isEqualTo(1);
    }

    @Test
    void getAllTakesL1ThenOneBatchLoadAndLeavesOutAbsentKeys() throws Exception {
        List<Set<String>> batches = new CopyOnWriteArrayList<>();
        TieredCache<String, String> cache = track(this.<String, String>builder("batch")
                .batchLoader(keys -> {
                    batches.add(Set.copyOf(keys));
                    Map<String, String> found = new HashMap<>();
                    keys.stream().filter(k -> !k.startsWith("absent")).forEach(k -> found.put(k, "src-" + k));
                    return CompletableFuture.completedFuture(found);
                }).build());
        cache.put("a", "put-a").get();

        Map<String, String> all = cache.getAll(List.of("a", "b", "absent-c", "b")).get(1, TimeUnit.SECONDS);
        assertThat(all).containsExactly(Map.entry("a", "put-a"), Map.entry("b", "src-b"));
        assertThat(batches).containsExactly(Set.of("b", "absent-c"));
        assertThat(count("hits", "cache_name", "batch", "operation", "get_all", "tier", "l1")).isEqualTo(1);
        assertThat(count("misses", "cache_name", "batch", "operation", "get_all")).isEqualTo(2);
        assertThat(count("loads", "cache_name", "batch", "result", "success")).isEqualTo(1);
        assertThat(count("loads", "cache_name", "batch", "result", "not_found")).isEqualTo(1);
        // all from L1 now: still in the caller's order, duplicates once, no further batch
        assertThat(cache.getAll(List.of("b", "a", "b")).get(1, TimeUnit.SECONDS))
                .containsExactly(Map.entry("b", "src-b"), Map.entry("a", "put-a"));
        assertThat(batches).hasSize(1);
        assertThat(count("hits", "cache_name", "batch", "operation", "get_all", "tier", "l1")).isEqualTo(3);
        // single-key get without a single-key loader uses the batch loader
        assertThat(cache.get("d").get(1, TimeUnit.SECONDS)).isEqualTo("src-d");
        assertThat(cache.get("absent-e").get(1, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void getAllWithAFailingSourceFailsWithTheSourcesErrorAndForgetsTheFlights() throws Exception {
        IllegalStateException down = new IllegalStateException("store down");
        CompletableFuture<Map<String, String>> release = new CompletableFuture<>();
        List<Set<String>> batches = new CopyOnWriteArrayList<>();
        TieredCache<String, String> cache = track(this.<String, String>builder("failing")
                .batchLoader(keys -> {
                    batches.add(Set.copyOf(keys));
                    if (batches.size() == 1) {
                        return release;
                    }
                    Map<String, String> found = new HashMap<>();
                    keys.forEach(k -> found.put(k, "src-" + k));
                    return CompletableFuture.completedFuture(found);
                }).build());
        cache.put("cached", "v").get();

        // two concurrent calls share the flights of "b" and "c"; both fail when the one batch does
        CompletableFuture<Map<String, String>> first = cache.getAll(List.of("cached", "a", "b", "c"));
        CompletableFuture<Map<String, String>> second = cache.getAll(List.of("c", "b"));
        AtomicReference<Throwable> seen = new AtomicReference<>();
        second.whenComplete((v, t) -> seen.set(t));
        release.completeExceptionally(down);

        for (CompletableFuture<Map<String, String>> call : List.of(first, second)) {
            assertThatThrownBy(() -> call.get(1, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isSameAs(down);
        }
        assertThat(seen.get()).isInstanceOf(CompletionException.class).cause().isSameAs(down);
        assertThat(batches).containsExactly(Set.of("a", "b", "c"));
        assertThat(count("misses", "cache_name", "failing", "operation", "get_all")).isEqualTo(5);
        assertThat(count("loads", "cache_name", "failing", "result", "failure")).isEqualTo(3);

        // nothing of the failed flights is left behind: the next call loads again, and succeeds
        cache.put("a", "a2").get();
        assertThat(cache.getAll(List.of("a", "b")).get(1, TimeUnit.SECONDS))
                .containsExactly(Map.entry("a", "a2"), Map.entry("b", "src-b"));
        assertThat(batches).containsExactly(Set.of("a", "b", "c"), Set.of("b"));
    }

    @Test
    void hotKeysAreRefreshedEarlyByXFetch() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        TieredCache<String, String> cache = track(this.<String, String>builder("xfetch")
                .ttl(Duration.ofSeconds(1)).ttlJitter(0).earlyRefresh(true, 1_000)
                .loader(k -> {
                    loads.incrementAndGet();
                    // a load that takes ~20 ms, so XFetch has a delta to scale
                    return CompletableFuture.supplyAsync(() -> "v",
                            CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
                }).build());
        assertThat(cache.get("k").get(5, TimeUnit.SECONDS)).isEqualTo("v");
        for (int i = 0; i < 20 && loads.get() < 2; i++) {
            assertThat(cache.get("k").get(5, TimeUnit.SECONDS)).isEqualTo("v");
        }
        // The early refresh runs in the background: its loader call can come after the reads above returned.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(loads.get()).isGreaterThanOrEqualTo(2));
        assertThat(count("early.refreshes", "cache_name", "xfetch")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void withoutEarlyRefreshFreshEntriesNeverReload() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        TieredCache<String, String> cache = track(this.<String, String>builder("noxfetch")
                .ttl(Duration.ofSeconds(1)).earlyRefresh(false, 1_000)
                .loader(k -> {
                    loads.incrementAndGet();
                    return CompletableFuture.supplyAsync(() -> "v",
                            CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
                }).build());
        for (int i = 0; i < 20; i++) {
            assertThat(cache.get("k").get(5, TimeUnit.SECONDS)).isEqualTo("v");
        }
        assertThat(loads).hasValue(1);
        assertThat(count("early.refreshes", "cache_name", "noxfetch")).isZero();
    }

    @Test
    void absentValuesAreNotCachedAndInvalidationsReload() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        TieredCache<String, String> cache = track(this.<String, String>builder("inv")
                .loader(k -> CompletableFuture.completedFuture(
                        k.equals("none") ? null : k + loads.incrementAndGet()))
                .build());
        assertThat(cache.get("none").get()).isNull();
        assertThat(cache.get("none").get()).isNull();
        assertThat(count("loads", "cache_name", "inv", "result", "not_found")).isEqualTo(2);

        assertThat(cache.get("a").get()).isEqualTo("a1");
        cache.invalidate("a").get();
        assertThat(cache.get("a").get()).isEqualTo("a2");
        cache.invalidateAll().get();
        assertThat(cache.get("a").get()).isEqualTo("a3");
        assertThat(count("requests", "cache_name", "inv", "operation", "invalidate_all")).isEqualTo(1);
    }

    @Test
    void aThrowingLoaderIsAFailedFutureNotAThrow() throws Exception {
        TieredCache<String, String> cache = track(this.<String, String>builder("throws")
                .loader(k -> {
                    throw new IllegalArgumentException("bad source");
                }).build());
        CompletableFuture<String> f = cache.get("k");
        assertThatThrownBy(() -> f.get(1, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(count("operation.errors", "cache_name", "throws", "operation", "get", "reason", "load_failure"))
                .isEqualTo(1);
    }

    /** A batch loader whose calls the test completes: each call's keys and its future, in call order. */
    private static final class ManualBatchLoader {
        final List<Set<String>> calls = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Map<String, String>>> answers = new CopyOnWriteArrayList<>();

        CompletableFuture<Map<String, String>> loadAll(Set<String> keys) {
            CompletableFuture<Map<String, String>> answer = new CompletableFuture<>();
            calls.add(Set.copyOf(keys));
            answers.add(answer);
            return answer;
        }

        void answer(int call) {
            Map<String, String> values = new HashMap<>();
            calls.get(call).forEach(k -> values.put(k, "v-" + k));
            answers.get(call).complete(values);
        }
    }

    @Test
    void batchWhileBusyCallsAtOnceWhenASlotIsFreeAndSendsWhatWaitedTogether() throws Exception {
        ManualBatchLoader source = new ManualBatchLoader();
        TieredCache<String, String> cache = track(this.<String, String>builder("busy")
                .batchLoader(source::loadAll)
                .loader(k -> CompletableFuture.failedFuture(new AssertionError("the batch loader takes every load")))
                .batchWhileBusy(1, 2)
                .build());

        CompletableFuture<String> a = cache.get("a");
        assertThat(source.calls).as("a free slot: a call at once").containsExactly(Set.of("a"));
        CompletableFuture<String> b = cache.get("b");
        CompletableFuture<String> c = cache.get("c");
        CompletableFuture<String> d = cache.get("d");
        CompletableFuture<Map<String, String>> eb = cache.getAll(List.of("e", "b"));
        assertThat(source.calls).as("the one slot is taken: the rest wait").hasSize(1);

        source.answer(0);
        assertThat(a.get(1, TimeUnit.SECONDS)).isEqualTo("v-a");
        assertThat(source.calls).as("what waited leaves together, two per call").hasSize(2);
        assertThat(source.calls.get(1)).isEqualTo(Set.of("b", "c"));
        source.answer(1);
        assertThat(source.calls).hasSize(3);
        assertThat(source.calls.get(2)).as("b joined the load in flight instead of queueing twice")
                .isEqualTo(Set.of("d", "e"));
        source.answer(2);

        assertThat(b.get(1, TimeUnit.SECONDS)).isEqualTo("v-b");
        assertThat(c.get(1, TimeUnit.SECONDS)).isEqualTo("v-c");
        assertThat(d.get(1, TimeUnit.SECONDS)).isEqualTo("v-d");
        assertThat(eb.get(1, TimeUnit.SECONDS)).containsExactly(Map.entry("e", "v-e"), Map.entry("b", "v-b"));
        assertThat(count("loads", "cache_name", "busy", "result", "success")).isEqualTo(5);
        assertThat(count("load.latency", "cache_name", "busy", "result", "success")).as("calls").isEqualTo(3);
        assertThat(count("load.wait", "cache_name", "busy")).as("one wait per key").isEqualTo(5);
        assertThat(cache.get("c").get(1, TimeUnit.SECONDS)).as("loads fill L1 as usual").isEqualTo("v-c");
        assertThat(source.calls).hasSize(3);
    }

    @Test
    void aKeyThatWaitedLongerThanTheLoadTimeoutFailsWithoutReachingTheSource() throws Exception {
        ManualBatchLoader source = new ManualBatchLoader(); // never answers: every call ends at the load timeout
        TieredCache<String, String> cache = track(this.<String, String>builder("stuck")
                .batchLoader(source::loadAll)
                .loadTimeout(Duration.ofMillis(100))
                .batchWhileBusy(1, 1)
                .build());

        CompletableFuture<String> a = cache.get("a");
        Thread.sleep(60);
        CompletableFuture<String> b = cache.get("b"); // waits ~40 ms for a's call to time out: then its own call
        CompletableFuture<String> c = cache.get("c"); // waits for a's call and b's: ~140 ms, over the timeout

        for (CompletableFuture<String> f : List.of(a, b, c)) {
            assertThatThrownBy(() -> f.get(2, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class);
        }
        assertThat(source.calls).as("c never reached the source").containsExactly(Set.of("a"), Set.of("b"));
        assertThat(count("loads", "cache_name", "stuck", "result", "timeout")).isEqualTo(3);
        assertThat(count("load.latency", "cache_name", "stuck", "result", "timeout")).as("calls").isEqualTo(2);
        assertThat(count("operation.errors", "cache_name", "stuck", "operation", "get", "reason", "load_timeout"))
                .isEqualTo(3);

        CompletableFuture<String> again = cache.get("a");
        assertThat(source.calls).as("the slots are free again").hasSize(3);
        source.answer(2);
        assertThat(again.get(1, TimeUnit.SECONDS)).isEqualTo("v-a");
    }

    @Test
    void builderRejectsMissingPieces() {
        assertThatThrownBy(() -> TieredCache.<String, String>builder("x")
                .loader(k -> CompletableFuture.completedFuture("v")).batchWhileBusy(4, 16).build())
                .as("batchWhileBusy without a batch loader").isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TieredCache.builder("x").batchWhileBusy(0, 16))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TieredCache.builder("x").batchWhileBusy(4, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TieredCache.builder("x").build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TieredCache.builder("bad name")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TieredCache.<String, String>builder("x").l1Enabled(false)
                .loader(k -> CompletableFuture.completedFuture("v")).build())
                .isInstanceOf(IllegalStateException.class);
    }
}
