package io.glasscache.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import io.glasscache.cache.codec.KryoCodec;
import io.glasscache.cache.micrometer.MicrometerStats;

/** The behaviour every {@link FailoverStore} must give a {@link FailoverCache}; run once per store type. */
abstract class FailoverCacheContract {

    private static final Duration DRAIN = Duration.ofSeconds(10);
    private final List<FailoverCache<?>> open = new ArrayList<>();

    @TempDir
    Path dir;

    abstract StoreType storeType();

    <V> FailoverCache.Builder<V> builder(String name, KryoCodec<V> codec) {
        return FailoverCache.builder(name, codec).store(storeType()).capacity(8L * 1024 * 1024).segmentCount(4);
    }

    <V> FailoverCache<V> track(FailoverCache<V> cache) {
        open.add(cache);
        return cache;
    }

    @AfterEach
    void closeAll() {
        open.forEach(FailoverCache::close);
    }

    @Test
    void usesTheRequestedStore() {
        FailoverCache<Screen> cache = track(builder("store", Screen.codec()).build());
        assertThat(cache.stats().storeType()).isEqualTo(storeType());
        assertThat(cache.stats().capacityBytes()).isEqualTo(8L * 1024 * 1024);
    }

    @Test
    void recordsThenSamplesOneOfTheRecordedValues() {
        FailoverCache<Screen> cache = track(builder("basic", Screen.codec()).valuesPerKey(4).build());
        FailoverKey home = FailoverKey.of("home");
        assertThat(cache.sample(home)).isEmpty();
        Set<Screen> recorded = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            Screen s = Screen.sized("home-" + i, 500);
            recorded.add(s);
            cache.record(home, s);
        }
        assertThat(cache.awaitDrained(DRAIN)).isTrue();
        Set<Screen> seen = new HashSet<>();
        for (int i = 0; i < 400; i++) {
            Screen s = cache.sample(home).orElseThrow();
            assertThat(s.intact()).isTrue();
            seen.add(s);
        }
        assertThat(seen).isEqualTo(recorded); // random over the whole set: 400 draws miss one of 4 with p ~ 1e-50
        assertThat(cache.sample(FailoverKey.of("home", "other-segment"))).isEmpty();
        FailoverStats stats = cache.stats();
        assertThat(stats.stored()).isEqualTo(4);
        assertThat(stats.entries()).isEqualTo(4);
        assertThat(stats.keys()).isEqualTo(1);
        assertThat(stats.served()).isEqualTo(400);
        assertThat(stats.empty()).isEqualTo(2);
        assertThat(stats.usedBytes()).isPositive();
    }

    @Test
    void oldestPolicyKeepsTheNewestValues() {
        FailoverCache<Screen> cache = track(builder("oldest", Screen.codec()).valuesPerKey(3)
                .replacementPolicy(ReplacementPolicy.OLDEST).build());
        FailoverKey key = FailoverKey.of("home");
        for (int i = 0; i < 10; i++) {
            cache.record(key, Screen.of("s" + i, List.of("x")));
            assertThat(cache.awaitDrained(DRAIN)).isTrue();
            sleepPastMillisecond(); // distinct record timestamps
        }
        assertThat(distinctSamples(cache, key, 300)).containsExactlyInAnyOrder("s7", "s8", "s9");
        assertThat(cache.stats().entries()).isEqualTo(3);
    }

    @Test
    void randomPolicyStaysBoundedAndKeepsTheNewestValue() {
        FailoverCache<Screen> cache = track(builder("random", Screen.codec()).valuesPerKey(3)
                .replacementPolicy(ReplacementPolicy.RANDOM).build());
        FailoverKey key = FailoverKey.of("home");
        for (int i = 0; i < 50; i++) {
            cache.record(key, Screen.of("s" + i, List.of("x")));
        }
        assertThat(cache.awaitDrained(DRAIN)).isTrue();
        Set<String> seen = distinctSamples(cache, key, 300);
        assertThat(seen).hasSize(3).contains("s49");
        assertThat(cache.stats().entries()).isEqualTo(3);
    }

    @Test
    void valuesPerKeyFollowsTheFirstMatchingGroupPattern() {
        FailoverCache<Screen> cache = track(builder("patterns", Screen.codec()).valuesPerKey(2)
                .valuesPerKey("dest*", 5).valuesPerKey("video", 1).build());
        for (int i = 0; i < 10; i++) {
            cache.record(FailoverKey.of("destination", "42"), Screen.of("d" + i, List.of()));
            cache.record(FailoverKey.of("video"), Screen.of("v" + i, List.of()));
            cache.record(FailoverKey.of("home"), Screen.of("h" + i, List.of()));
        }
        assertThat(cache.awaitDrained(DRAIN)).isTrue();
        assertThat(cache.stats().entries()).isEqualTo(5 + 1 + 2);
    }

    @Test
    void keysBeyondTheCapAreCountedRejections() {
        FailoverCache<Screen> cache = track(builder("maxkeys", Screen.codec()).maxKeys(3).build());
        for (int i = 0; i < 5; i++) {
            cache.record(FailoverKey.of("dest", "d" + i), Screen.of("v", List.of()));
        }
        cache.record(FailoverKey.of("dest", "d0"), Screen.of("again", List.of())); // an existing key still takes
        assertThat(cache.awaitDrained(DRAIN)).isTrue();
        FailoverStats stats = cache.stats();
        assertThat(stats.keys()).isEqualTo(3);
        assertThat(stats.rejectedMaxKeys()).isEqualTo(2);
        assertThat(stats.stored()).isEqualTo(4);
        assertThat(cache.sample(FailoverKey.of("dest", "d4"))).isEmpty();
    }

    @Test
    void oversizeValuesAreCountedNotStoredAndNeverThrow() {
        FailoverCache<Screen> cache = track(builder("oversize", Screen.codec()).maxEntrySize(4096).build());
        FailoverKey key = FailoverKey.of("home");
        cache.record(key, Screen.sized("big", 20_000));
        cache.record(key, Screen.sized("small", 1_000));
        cache.record(key, Screen.sized("big2", 50_000));
        assertThat(cache.awaitDrained(DRAIN)).isTrue();
        assertThat(cache.stats().rejectedTooLarge()).isEqualTo(2);
        assertThat(cache.stats().stored()).isEqualTo(1);
        assertThat(cache.sample(key).orElseThrow().id()).isEqualTo("small");
    }

    @Test
    void aFullStoreRejectsNewValuesAndKeepsServingOldOnes() {
        FailoverCache<Screen> cache = track(builder("full", Screen.codec()).capacity(256 * 1024).segmentCount(1)
                .valuesPerKey(1000).maxEntrySize(16 * 1024).build());
        FailoverKey key = FailoverKey.of("home");
        for (int i = 0; i < 200; i++) { // ~2 MB into 256 KiB
            cache.record(key, Screen.sized("s" + i, 10_000));
            cache.awaitDrained(DRAIN);
        }
        FailoverStats stats = cache.stats();
        assertThat(stats.rejectedFull()).isPositive();
        assertThat(stats.stored() + stats.rejectedFull()).isEqualTo(200);
        assertThat(stats.usedBytes()).isLessThanOrEqualTo(stats.capacityBytes());
        assertThat(stats.entries()).isPositive();
        assertThat(cache.sample(key)).get().matches(Screen::intact);
    }

    @Test
    void aBurstOverflowsTheQueueWhichDiscardsAndCounts() throws Exception {
        FailoverCache<Screen> cache = track(builder("burst", Screen.codec()).queueCapacity(16).build());
        FailoverKey key = FailoverKey.of("home");
        Screen big = Screen.sized("b", 50_000); // slow enough to encode that a burst outruns the writer
        int burst = 5_000;
        long start = System.nanoTime();
        for (int i = 0; i < burst; i++) {
            cache.record(key, big);
        }
        long callerNanos = System.nanoTime() - start;
        assertThat(cache.awaitDrained(DRAIN)).isTrue();
        FailoverStats stats = cache.stats();
        assertThat(stats.dropped()).isPositive();
        assertThat(stats.accepted() + stats.dropped()).isEqualTo(burst);
        assertThat(stats.stored()).isEqualTo(stats.accepted());
        // Non-blocking: 5000 offers can't have waited on 5000 encodes of 50 KB (generous, not a benchmark).
        assertThat(callerNanos).isLessThan(TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void jdkViewsAndRecordsRoundTrip() {
        KryoCodec<Object> codec = KryoCodec.builder(Object.class).register(Screen.class).build();
        FailoverCache<Object> cache = track(builder("views", codec).valuesPerKey(1).build());
        List<Integer> base = new ArrayList<>(List.of(1, 2, 3, 4, 5));
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("subList", base.subList(1, 3));
        values.put("asList", Arrays.asList("a", "b"));
        values.put("listOf", List.of(7, 8, 9));
        values.put("unmodifiable", Collections.unmodifiableList(new ArrayList<>(List.of("u"))));
        values.put("record", Screen.of("r", List.of("i1", "i2")));
        values.put("recordWithSubList", Screen.of("r2", new ArrayList<>(List.of("a", "b", "c")).subList(0, 2)));
        values.forEach((k, v) -> cache.record(FailoverKey.of("views", k), v));
        assertThat(cache.awaitDrained(DRAIN)).isTrue();
        assertThat(cache.stats().stored()).isEqualTo(values.size());
        values.forEach((k, v) -> assertThat(cache.sample(FailoverKey.of("views", k))).contains(v));
    }

    /** A value whose hand-written serializer refuses to read it back, as for bytes damaged in the store. */
    record Poison(String label, boolean poisoned) {
    }

    static final class PoisonSerializer extends Serializer<Poison> {
        @Override
        public void write(Kryo kryo, Output output, Poison value) {
            output.writeString(value.label());
            output.writeBoolean(value.poisoned());
        }

        @Override
        public Poison read(Kryo kryo, Input input, Class<? extends Poison> type) {
            Poison value = new Poison(input.readString(), input.readBoolean());
            if (value.poisoned()) {
                throw new IllegalStateException("poisoned");
            }
            return value;
        }
    }

    @Test
    void aValueThatFailsToDecodeIsCountedAndDropped() {
        KryoCodec<Poison> codec = KryoCodec.builder(Poison.class).register(Poison.class, 1, PoisonSerializer::new)
                .build();
        FailoverCache<Poison> cache = track(builder("poison", codec).valuesPerKey(1).build());
        cache.record(FailoverKey.of("good"), new Poison("fine", false));
        assertThat(cache.awaitDrained(DRAIN)).isTrue();
        long usedByGood = cache.stats().usedBytes();
        cache.record(FailoverKey.of("bad"), new Poison("x".repeat(2000), true));
        assertThat(cache.awaitDrained(DRAIN)).isTrue();
        assertThat(cache.stats().entries()).isEqualTo(2);
        assertThat(cache.stats().usedBytes()).isGreaterThan(usedByGood);

        assertThat(cache.sample(FailoverKey.of("bad"))).isEmpty();
        assertThat(cache.sample(FailoverKey.of("good"))).contains(new Poison("fine", false));
        FailoverStats stats = cache.stats();
        assertThat(stats.corruptReads()).isEqualTo(1);
        assertThat(stats.entries()).isEqualTo(1);
        // Removed from the store: it no longer counts against the capacity.
        assertThat(stats.usedBytes()).isEqualTo(usedByGood);
        assertThat(cache.sample(FailoverKey.of("bad"))).isEmpty();
        assertThat(cache.stats().corruptReads()).isEqualTo(1);
    }

    @Test
    void unregisteredClassesAreCountedEncodeFailures() {
        FailoverCache<Object> cache = track(builder("unregistered", KryoCodec.builder(Object.class).build()).build());
        cache.record(FailoverKey.of("home"), new StringBuilder("not registered"));
        assertThat(cache.awaitDrained(DRAIN)).isTrue();
        assertThat(cache.stats().encodeFailures()).isEqualTo(1);
        assertThat(cache.sample(FailoverKey.of("home"))).isEmpty();
    }

    @Test
    void eightThreadsRecordAndSampleConcurrently() throws Exception {
        FailoverCache<Screen> cache = track(builder("concurrent", Screen.codec()).valuesPerKey(8)
                .writerThreads(2).queueCapacity(100_000).build());
        int threads = 8;
        int perThread = 3_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong bad = new AtomicLong();
        AtomicLong served = new AtomicLong();
        Set<String> written = ConcurrentHashMap.newKeySet();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < perThread; i++) {
                    FailoverKey key = FailoverKey.of("g" + (i % 4), "s" + (i % 8));
                    Screen s = Screen.sized(thread + "-" + i, 300);
                    written.add(s.id());
                    cache.record(key, s);
                    Optional<Screen> got = cache.sample(key);
                    if (got.isPresent()) {
                        served.incrementAndGet();
                        if (!got.get().intact() || !written.contains(got.get().id())) {
                            bad.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(cache.awaitDrained(DRAIN)).isTrue();
        FailoverStats stats = cache.stats();
        assertThat(bad.get()).isZero();
        assertThat(served.get()).isPositive();
        assertThat(stats.accepted() + stats.dropped()).isEqualTo((long) threads * perThread);
        assertThat(stats.stored()).isEqualTo(stats.accepted());
        assertThat(stats.keys()).isEqualTo(8); // g(i%4) x s(i%8) gives 8 distinct pairs
        assertThat(stats.entries()).isEqualTo(64);
        assertThat(stats.served() + stats.empty()).isEqualTo((long) threads * perThread);
    }

    @Test
    void snapshotThenRestoreIntoAFreshCache() {
        FailoverCache<Screen> first = builder("roundtrip", Screen.codec()).snapshotDirectory(dir)
                .snapshotInterval(Duration.ZERO).valuesPerKey(4).build();
        Map<FailoverKey, Set<String>> expected = new LinkedHashMap<>();
        for (int k = 0; k < 20; k++) {
            FailoverKey key = FailoverKey.of("g" + (k % 3), "seg-" + k);
            for (int v = 0; v < 4; v++) {
                Screen s = Screen.sized(k + "/" + v, 700);
                first.record(key, s);
                expected.computeIfAbsent(key, x -> new HashSet<>()).add(s.id());
            }
        }
        assertThat(first.awaitDrained(DRAIN)).isTrue();
        SnapshotReport snap = first.snapshot();
        assertThat(snap.success()).as(snap.error()).isTrue();
        assertThat(snap.records()).isEqualTo(80);
        first.close(); // final snapshot: a second generation

        FailoverCache<Screen> second = track(builder("roundtrip", Screen.codec()).snapshotDirectory(dir)
                .snapshotInterval(Duration.ZERO).valuesPerKey(4).build());
        RestoreReport report = second.restore();
        assertThat(report.restored()).isEqualTo(80);
        assertThat(report.skipped()).isZero();
        assertThat(report.generation()).isEqualTo(snap.generation() + 1);
        assertThat(report.snapshotAge()).isNotNull();
        expected.forEach((key, ids) -> assertThat(distinctSamples(second, key, 100)).isEqualTo(ids));
        assertThat(dir.toFile().list()).hasSize(2); // newest + previous generation, no temporary files
    }

    @Test
    void metricsAreNamedForPrometheusAndTaggedByBoundedGroups() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        FailoverCache<Screen> cache = track(builder("metered", Screen.codec())
                .recordStats(MicrometerStats.of(registry).withMaxGroups(2))
                .snapshotDirectory(dir).snapshotInterval(Duration.ZERO).build());
        cache.record(FailoverKey.of("home"), Screen.of("h", List.of()));
        cache.awaitDrained(DRAIN);
        cache.sample(FailoverKey.of("home"));
        cache.sample(FailoverKey.of("video"));
        cache.sample(FailoverKey.of("g3"));
        cache.sample(FailoverKey.of("g4", "seg"));
        cache.snapshot();
        String text = registry.scrape();
        assertThat(text)
                .contains("model_serving_feature_cache_failover_served_total{cache_name=\"metered\",group=\"home\"} 1.0")
                .contains("model_serving_feature_cache_failover_empty_total{cache_name=\"metered\",group=\"video\"} 1.0")
                .contains("model_serving_feature_cache_failover_empty_total{cache_name=\"metered\",group=\"other\"} 2.0")
                .contains("model_serving_feature_cache_failover_records_total{cache_name=\"metered\",outcome=\"stored\"} 1.0")
                .contains("model_serving_feature_cache_failover_records_total{cache_name=\"metered\",outcome=\"dropped\"} 0.0")
                .contains("model_serving_feature_cache_failover_entries{cache_name=\"metered\"} 1.0")
                .contains("model_serving_feature_cache_failover_store_capacity_bytes{cache_name=\"metered\"")
                .contains("model_serving_feature_cache_failover_store_used_bytes{cache_name=\"metered\"")
                .contains("model_serving_feature_cache_failover_snapshot_duration_seconds_count{cache_name=\"metered\",outcome=\"success\"} 1")
                .contains("model_serving_feature_cache_failover_snapshot_records{cache_name=\"metered\"} 1.0")
                .contains("model_serving_feature_cache_failover_snapshot_size_bytes{cache_name=\"metered\"}")
                .contains("model_serving_feature_cache_failover_snapshot_last_success_timestamp_seconds{cache_name=\"metered\"}")
                .contains("model_serving_feature_cache_failover_restore_records_total{cache_name=\"metered\",outcome=\"restored\"} 0.0")
                .contains("model_serving_feature_cache_failover_sample_duration_seconds_count{cache_name=\"metered\"} 4")
                .contains("model_serving_feature_cache_failover_write_duration_seconds_count{cache_name=\"metered\"} 1")
                .contains("model_serving_feature_cache_failover_corrupt_reads_total{cache_name=\"metered\"} 0.0")
                .contains("model_serving_feature_cache_failover_keys{cache_name=\"metered\"} 1.0")
                .contains("model_serving_feature_cache_failover_queue_size{cache_name=\"metered\"} 0.0")
                .contains("model_serving_feature_cache_failover_restore_snapshot_age_seconds{cache_name=\"metered\"} NaN")
                .doesNotContain("group=\"g3\"").doesNotContain("seg");
        cache.close();
        assertThat(registry.scrape()).doesNotContain("cache_name=\"metered\"");
    }

    @Test
    void afterCloseRecordsAreDroppedAndSamplesEmpty() {
        FailoverCache<Screen> cache = builder("closed", Screen.codec()).build();
        cache.record(FailoverKey.of("home"), Screen.of("a", List.of()));
        cache.awaitDrained(DRAIN);
        cache.close();
        cache.close();
        cache.record(FailoverKey.of("home"), Screen.of("b", List.of()));
        assertThat(cache.sample(FailoverKey.of("home"))).isEmpty();
        assertThat(cache.stats().dropped()).isEqualTo(1);
    }

    static Set<String> distinctSamples(FailoverCache<Screen> cache, FailoverKey key, int draws) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < draws; i++) {
            cache.sample(key).ifPresent(s -> {
                assertThat(s.intact()).isTrue();
                ids.add(s.id());
            });
        }
        return ids;
    }

    /** Until the wall clock has moved to the next millisecond, so that records get distinct timestamps. */
    private static void sleepPastMillisecond() {
        long now = System.currentTimeMillis();
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(1))
                .until(() -> System.currentTimeMillis() > now);
    }
}
