package io.glasscache.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.glasscache.cache.micrometer.MicrometerStats;
import io.glasscache.cache.stats.CacheStatsRecorder;
import io.glasscache.cache.stats.FailoverStatsRecorder;
import io.glasscache.cache.stats.StatsRecorderFactory;
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
        return TieredCache.<K, V>builder(name).recordStats(MicrometerStats.of(registry)).clock(clock);
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
                .recordStats(MicrometerStats.of(registry)).clock(clock)
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
    void aReaderGivesUpAtTheLoadTimeoutWhileTheLoadGoesOnForTheNextReaders() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<String> source = new CompletableFuture<>();
        TieredCache<String, String> cache = track(this.<String, String>builder("slow")
                .loadTimeout(Duration.ofMillis(100)).loadHardTimeout(Duration.ofMinutes(1))
                .loader(k -> {
                    calls.incrementAndGet();
                    return source;
                }).build());
        CompletableFuture<String> a = cache.get("k");
        CompletableFuture<String> b = cache.get("k");
        assertThatThrownBy(() -> a.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class);
        assertThatThrownBy(() -> b.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class);

        CompletableFuture<String> c = cache.get("k"); // after both gave up: joins the call still running
        assertThat(calls).as("one source call, whatever the readers' timeouts").hasValue(1);
        source.complete("v");
        assertThat(c.get(5, TimeUnit.SECONDS)).isEqualTo("v");
        assertThat(cache.get("k").get(5, TimeUnit.SECONDS)).as("the finished value filled L1").isEqualTo("v");
        assertThat(calls).hasValue(1);
        assertThat(count("source.calls", "cache_name", "slow")).isEqualTo(1);
        assertThat(count("load.waiter.timeouts", "cache_name", "slow")).isEqualTo(2);
        assertThat(count("loads", "cache_name", "slow", "result", "success")).isEqualTo(1);
        assertThat(count("loads", "cache_name", "slow", "result", "timeout")).isZero();
        assertThat(count("operation.errors", "cache_name", "slow", "operation", "get", "reason", "load_timeout"))
                .as("one per reader that gave up").isEqualTo(2);
    }

    /** A source of one key's values that counts its calls and the most calls ever running at once, per key. */
    private static final class CountingSource {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> maxRunning = new ConcurrentHashMap<>();
        final long delayMillis;

        CountingSource(long delayMillis) {
            this.delayMillis = delayMillis;
        }

        void started(String key) {
            calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            int now = running.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            maxRunning.computeIfAbsent(key, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
        }

        void ended(String key) {
            running.get(key).decrementAndGet();
        }

        CompletableFuture<String> load(String key) {
            started(key);
            return CompletableFuture.supplyAsync(() -> {
                ended(key);
                return "v-" + key;
            }, CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS));
        }

        CompletableFuture<Map<String, String>> loadAll(Set<String> keys) {
            keys.forEach(this::started);
            return CompletableFuture.supplyAsync(() -> {
                Map<String, String> values = new HashMap<>();
                keys.forEach(k -> {
                    ended(k);
                    values.put(k, "v-" + k);
                });
                return values;
            }, CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS));
        }

        int calls(String key) {
            AtomicInteger n = calls.get(key);
            return n == null ? 0 : n.get();
        }
    }

    @Test
    void aSourceSlowerThanTheLoadTimeoutGetsOneCallForAThousandReadersArrivingOverASecond() throws Exception {
        CountingSource source = new CountingSource(200);
        TieredCache<String, String> cache = track(this.<String, String>builder("amplify")
                .loadTimeout(Duration.ofMillis(40)).loader(source::load).build());
        ScheduledExecutorService arrivals = Executors.newScheduledThreadPool(4);
        List<CompletableFuture<String>> reads = new CopyOnWriteArrayList<>();
        CountDownLatch issued = new CountDownLatch(1000);
        try {
            for (int i = 0; i < 1000; i++) {
                arrivals.schedule(() -> {
                    reads.add(cache.get("cold"));
                    issued.countDown();
                }, i, TimeUnit.MILLISECONDS);
            }
            assertThat(issued.await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            arrivals.shutdown();
        }
        int answered = 0;
        for (CompletableFuture<String> read : reads) {
            try {
                assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo("v-cold");
                answered++;
            } catch (ExecutionException e) {
                assertThat(e).hasCauseInstanceOf(TimeoutException.class); // arrived during the call, gave up
            }
        }
        assertThat(source.calls("cold")).as("source calls of the key, counted by the source").isEqualTo(1);
        assertThat(source.maxRunning.get("cold")).hasValue(1);
        assertThat(answered).as("every reader after the call ended got the value").isPositive();
    }

    @Test
    void aFailingSourceReleasesTheKeyAtOnceForTheNextReader() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TieredCache<String, String> cache = track(this.<String, String>builder("fails")
                .loader(k -> calls.incrementAndGet() == 1
                        ? CompletableFuture.failedFuture(new IllegalStateException("down"))
                        : CompletableFuture.completedFuture("up")).build());
        assertThatThrownBy(() -> cache.get("k").get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(
                IllegalStateException.class);
        assertThat(cache.get("k").get(5, TimeUnit.SECONDS)).isEqualTo("up");
        assertThat(calls).hasValue(2);
    }

    @Test
    void aSourceThatNeverReturnsFreesTheKeyAtItsHardDeadline() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TieredCache<String, String> cache = track(this.<String, String>builder("stuck")
                .loadTimeout(Duration.ofMillis(50)).loadHardTimeout(Duration.ofMillis(300))
                .loader(k -> {
                    calls.incrementAndGet();
                    return new CompletableFuture<>(); // never answers
                }).build());
        assertThatThrownBy(() -> cache.get("k").get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class);
        CompletableFuture<String> second = cache.get("k"); // the call is still running: joined, not repeated
        assertThat(calls).hasValue(1);
        assertThatThrownBy(() -> second.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> count("loads", "cache_name", "stuck", "result", "timeout") == 1);
        CompletableFuture<String> third = cache.get("k");
        assertThat(calls).as("the hard deadline freed the key").hasValue(2);
        assertThatThrownBy(() -> third.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class);
        assertThat(count("load.latency", "cache_name", "stuck", "result", "timeout")).isEqualTo(1);
    }

    @Test
    void concurrentGetAllsWithOverlappingColdKeysNeverLoadAKeyTwiceAtOnce() throws Exception {
        CountingSource source = new CountingSource(30);
        TieredCache<String, String> cache = track(this.<String, String>builder("overlap")
                .loadTimeout(Duration.ofSeconds(5)).batchLoader(source::loadAll).build());
        ExecutorService callers = Executors.newFixedThreadPool(8);
        List<CompletableFuture<Map<String, String>>> results = new CopyOnWriteArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                int first = i % 20;
                callers.execute(() -> results.add(cache.getAll(List.of("k" + first, "k" + (first + 1) % 20,
                        "k" + (first + 7) % 20))));
            }
        } finally {
            callers.shutdown();
            assertThat(callers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        for (CompletableFuture<Map<String, String>> r : results) {
            assertThat(r.get(5, TimeUnit.SECONDS)).hasSize(3);
        }
        for (int k = 0; k < 20; k++) {
            assertThat(source.maxRunning.get("k" + k)).as("k" + k + " loaded twice at once").hasValue(1);
            assertThat(source.calls("k" + k)).as("loaded once, then served from L1").isEqualTo(1);
        }
    }

    @Test
    void aRecorderThatThrowsIsCaughtAndCountedAndNeverBreaksARead() throws Exception {
        AtomicReference<LongSupplier> failures =
                new AtomicReference<>();
        CacheStatsRecorder broken = (CacheStatsRecorder)
                Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {CacheStatsRecorder.class}, (proxy, method, args) -> {
                            if (method.getName().equals("bindRecorderFailures")) {
                                failures.set((LongSupplier) args[0]);
                                return null;
                            }
                            throw new IllegalStateException("metrics backend down");
                        });
        StatsRecorderFactory stats = new StatsRecorderFactory() {
            @Override
            public CacheStatsRecorder tieredCache(String cacheName, List<String> servers) {
                return broken;
            }

            @Override
            public FailoverStatsRecorder failoverCache(String cacheName) {
                throw new UnsupportedOperationException();
            }
        };
        TieredCache<String, String> cache = track(TieredCache.<String, String>builder("broken").recordStats(stats)
                .loader(k -> CompletableFuture.completedFuture("v-" + k)).build());
        assertThat(cache.get("a").get(5, TimeUnit.SECONDS)).isEqualTo("v-a"); // miss: source
        assertThat(cache.get("a").get(5, TimeUnit.SECONDS)).isEqualTo("v-a"); // L1 hit
        assertThat(cache.getAll(List.of("a", "b")).get(5, TimeUnit.SECONDS)).containsKeys("a", "b");
        assertThat(failures.get().getAsLong()).isGreaterThanOrEqualTo(5);
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
    void aKeyWaitingForASlotOutlivesItsReaderAndStillLoadsWhenASlotFrees() throws Exception {
        ManualBatchLoader source = new ManualBatchLoader();
        TieredCache<String, String> cache = track(this.<String, String>builder("queued")
                .batchLoader(source::loadAll)
                .loadTimeout(Duration.ofMillis(50)).loadHardTimeout(Duration.ofMinutes(1))
                .batchWhileBusy(1, 1)
                .build());

        CompletableFuture<String> a = cache.get("a"); // takes the one slot
        CompletableFuture<String> b = cache.get("b"); // waits for it
        for (CompletableFuture<String> reader : List.of(a, b)) {
            assertThatThrownBy(() -> reader.get(5, TimeUnit.SECONDS)).as("readers give up at the load timeout")
                    .hasCauseInstanceOf(TimeoutException.class);
        }
        assertThat(source.calls).containsExactly(Set.of("a"));
        cache.get("b"); // joins b's lookup, still queued: not queued twice
        assertThat(count("coalesced.waiters", "cache_name", "queued")).isEqualTo(1);

        source.answer(0);
        assertThat(source.calls).as("b still goes to the source once the slot frees, though its reader left")
                .containsExactly(Set.of("a"), Set.of("b"));
        source.answer(1);
        assertThat(cache.get("a").get(1, TimeUnit.SECONDS)).as("a's value filled L1").isEqualTo("v-a");
        assertThat(cache.get("b").get(1, TimeUnit.SECONDS)).as("so did b's").isEqualTo("v-b");
        assertThat(source.calls).hasSize(2);
        assertThat(count("load.waiter.timeouts", "cache_name", "queued")).isGreaterThanOrEqualTo(2);
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
