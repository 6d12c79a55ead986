package io.glasscache.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import io.glasscache.cache.MemcachedTier;
import io.glasscache.cache.codec.KryoCodec;
import io.glasscache.cache.codec.ValueCodec;
import io.glasscache.cache.l2.L2Frame;
import io.glasscache.cache.l2.L2Keys;
import io.glasscache.cache.l2.MemcachedClient;
import io.glasscache.cache.micrometer.MicrometerStats;
import io.glasscache.testing.MemcachedExtension;
import io.glasscache.testing.MemcachedServer;

/** The tiered cache against real memcached: two instances of one cache play two JVMs sharing an L2. */
class TieredCacheIT {

    private static final String P = "model_serving.feature_cache";

    @RegisterExtension
    static final MemcachedExtension memcached = MemcachedExtension.builder().instances(2).memoryMb(16).build();

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private MemcachedTier l2;

    /** One record the codec must handle (registration required). */
    public record Features(String user, List<Double> weights) {
    }

    @BeforeEach
    void connect() {
        l2 = MemcachedTier.builder().servers(memcached.addresses()).operationTimeout(Duration.ofMillis(500)).build();
        closeables.add(l2);
        // connected before the caches start, so the first operation does not race the connection
        await().atMost(Duration.ofSeconds(10)).until(() -> l2.availableServers().size() == 2);
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    /** An "instance" of cache {@code name}: its own L1, loads counted in {@code loads}. */
    private TieredCache<String, Features> instance(String name, MeterRegistry registry, AtomicInteger loads) {
        TieredCache<String, Features> cache = TieredCache.<String, Features>builder(name)
                .codec(ValueCodec.kryo(Features.class))
                .l2(l2)
                .recordStats(MicrometerStats.of(registry))
                .versionCheckInterval(Duration.ofMillis(100))
                .loader(k -> {
                    loads.incrementAndGet();
                    return CompletableFuture.completedFuture(
                            k.startsWith("absent") ? null : new Features(k, List.of(1.0, 2.0)));
                })
                .batchLoader(keys -> {
                    loads.addAndGet(keys.size());
                    Map<String, Features> out = new HashMap<>();
                    keys.stream().filter(k -> !k.startsWith("absent"))
                            .forEach(k -> out.put(k, new Features(k, List.of(3.0))));
                    return CompletableFuture.completedFuture(out);
                })
                .build();
        closeables.add(cache);
        return cache;
    }

    private byte[] rawL2(String l2Key) throws Exception {
        return l2.client().get(l2Key).get(2, TimeUnit.SECONDS);
    }

    /** The namespace's version, once a cache has created it (construction does not wait for L2). */
    private long currentVersion(String namespace) {
        return await().atMost(Duration.ofSeconds(5))
                .until(() -> MemcachedClient.parseCounter(rawL2(L2Keys.versionKey(namespace))), v -> v >= 0);
    }

    private static double count(MeterRegistry r, String name, String... tags) {
        var s = r.find(P + "." + name).tags(tags); // summed over the tags not given (e.g. server)
        return s.functionCounters().stream().mapToDouble(c -> c.count()).sum()
                + s.counters().stream().mapToDouble(c -> c.count()).sum()
                + s.timers().stream().mapToDouble(t -> t.count()).sum();
    }

    @Test
    void anL2HitFillsL1AndSpareTheSource() throws Exception {
        SimpleMeterRegistry ra = new SimpleMeterRegistry();
        SimpleMeterRegistry rb = new SimpleMeterRegistry();
        AtomicInteger loadsA = new AtomicInteger();
        AtomicInteger loadsB = new AtomicInteger();
        TieredCache<String, Features> a = instance("profiles", ra, loadsA);
        TieredCache<String, Features> b = instance("profiles", rb, loadsB);

        assertThat(a.get("u1").get(2, TimeUnit.SECONDS)).isEqualTo(new Features("u1", List.of(1.0, 2.0)));
        String key = L2Keys.key("profiles", currentVersion("profiles"), "u1");
        await().atMost(Duration.ofSeconds(5)).until(() -> rawL2(key) != null); // written in the background

        assertThat(b.get("u1").get(2, TimeUnit.SECONDS)).isEqualTo(new Features("u1", List.of(1.0, 2.0)));
        assertThat(b.get("u1").get(2, TimeUnit.SECONDS)).isEqualTo(new Features("u1", List.of(1.0, 2.0)));
        assertThat(loadsA).hasValue(1);
        assertThat(loadsB).hasValue(0);
        assertThat(count(rb, "hits", "cache_name", "profiles", "operation", "get", "tier", "l2")).isEqualTo(1);
        assertThat(count(rb, "hits", "cache_name", "profiles", "operation", "get", "tier", "l1")).isEqualTo(1);
        assertThat(count(rb, "latency", "cache_name", "profiles", "operation", "get", "tier", "l2")).isEqualTo(1);
        assertThat(count(rb, "l2.latency", "cache_name", "profiles", "operation", "get")).isEqualTo(1);
    }

    @Test
    void getAllMixesL1L2AndOneBatchLoad() throws Exception {
        SimpleMeterRegistry rb = new SimpleMeterRegistry();
        AtomicInteger loadsA = new AtomicInteger();
        AtomicInteger loadsB = new AtomicInteger();
        TieredCache<String, Features> a = instance("mixed", new SimpleMeterRegistry(), loadsA);
        TieredCache<String, Features> b = instance("mixed", rb, loadsB);
        a.put("inL2", new Features("inL2", List.of(9.0))).get(2, TimeUnit.SECONDS);
        b.put("inL1", new Features("inL1", List.of(8.0))).get(2, TimeUnit.SECONDS);

        Map<String, Features> all = b.getAll(List.of("inL1", "inL2", "fromSource", "absent-x"))
                .get(2, TimeUnit.SECONDS);
        assertThat(all).containsOnlyKeys("inL1", "inL2", "fromSource");
        assertThat(all.get("inL2").weights()).containsExactly(9.0);
        assertThat(all.get("fromSource").weights()).containsExactly(3.0);
        assertThat(loadsB).hasValue(2); // one batch of fromSource and absent-x
        assertThat(count(rb, "hits", "cache_name", "mixed", "operation", "get_all", "tier", "l1")).isEqualTo(1);
        assertThat(count(rb, "hits", "cache_name", "mixed", "operation", "get_all", "tier", "l2")).isEqualTo(1);
        assertThat(count(rb, "misses", "cache_name", "mixed", "operation", "get_all")).isEqualTo(2);
        assertThat(count(rb, "l2.latency", "cache_name", "mixed", "operation", "get_multi"))
                .as("one multi-get per server holding some of the keys")
                .isBetween(1.0, (double) memcached.servers().size());
    }

    @Test
    void corruptBytesAreACountedMissAndAreDeleted() throws Exception {
        SimpleMeterRegistry r = new SimpleMeterRegistry();
        AtomicInteger loads = new AtomicInteger();
        TieredCache<String, Features> cache = instance("corrupt", r, loads);
        long version = currentVersion("corrupt");
        KryoCodec<Features> codec = ValueCodec.kryo(Features.class);
        byte[] badHeader = "definitely not a frame".getBytes(StandardCharsets.UTF_8);
        byte[] badPayload = L2Frame.encode(codec.schemaId(), System.currentTimeMillis() + 60_000, 1,
                new byte[] {1, 2, 3, 4, 5, 6, 7, 8, (byte) 0xff});
        byte[] gadget = L2Frame.encode(codec.schemaId(), System.currentTimeMillis() + 60_000, 1, Gadget.payload());
        int made = Gadget.MADE.get();
        int i = 0;
        for (byte[] garbage : List.of(badHeader, badPayload, gadget)) {
            String raw = "absent-" + i++; // the source has no value, so nothing is written back
            String key = L2Keys.key("corrupt", version, raw);
            MemcachedServer owner = ownerOf(key);
            assertThat(owner.rawSet(key, garbage, 0, 0)).contains("STORED");

            assertThat(cache.get(raw).get(2, TimeUnit.SECONDS)).isNull();
            await().atMost(Duration.ofSeconds(5)) // the delete is sent in the background
                    .until(() -> owner.command("get " + key).strip().equals("END"));
        }
        assertThat(loads).hasValue(3);
        assertThat(count(r, "operation.errors", "cache_name", "corrupt", "operation", "get", "reason",
                "deserialization_error")).isEqualTo(3);
        assertThat(count(r, "misses", "cache_name", "corrupt", "operation", "get")).isEqualTo(3);
        assertThat(Gadget.MADE.get()).as("the planted gadget was never made").isEqualTo(made);
    }

    /** The server holding {@code key}: we only know the ring through spymemcached, so ask each. */
    private MemcachedServer ownerOf(String key) throws Exception {
        l2.client().set(key, 60, new byte[] {0}).get(2, TimeUnit.SECONDS);
        for (MemcachedServer s : memcached.servers()) {
            if (!s.command("get " + key).strip().equals("END")) {
                return s;
            }
        }
        throw new AssertionError("no server holds the probe");
    }

    @Test
    void unsafeLongAndUnicodeKeysRoundTripThroughL2() throws Exception {
        AtomicInteger loadsA = new AtomicInteger();
        AtomicInteger loadsB = new AtomicInteger();
        TieredCache<String, Features> a = instance("keys", new SimpleMeterRegistry(), loadsA);
        TieredCache<String, Features> b = instance("keys", new SimpleMeterRegistry(), loadsB);
        List<String> keys = List.of("with space", "ctl\u0001\r\n", "ユーザー😀", "k".repeat(1024), "k".repeat(1023) + "j",
                "plain:key");
        for (String k : keys) {
            a.put(k, new Features(k, List.of(1.0))).get(2, TimeUnit.SECONDS);
        }
        for (String k : keys) {
            assertThat(b.get(k).get(2, TimeUnit.SECONDS).user()).isEqualTo(k);
        }
        assertThat(loadsB).hasValue(0);
        assertThat(loadsA).hasValue(0);
    }

    @Test
    void invalidateRemovesTheKeyFromL2ForEveryInstance() throws Exception {
        AtomicInteger loadsA = new AtomicInteger();
        AtomicInteger loadsC = new AtomicInteger();
        TieredCache<String, Features> a = instance("inval", new SimpleMeterRegistry(), loadsA);
        TieredCache<String, Features> b = instance("inval", new SimpleMeterRegistry(), new AtomicInteger());
        a.put("k", new Features("k", List.of(1.0))).get(2, TimeUnit.SECONDS);
        b.invalidate("k").get(2, TimeUnit.SECONDS);
        TieredCache<String, Features> c = instance("inval", new SimpleMeterRegistry(), loadsC);
        assertThat(c.get("k").get(2, TimeUnit.SECONDS).weights()).containsExactly(1.0, 2.0); // from the source
        assertThat(loadsC).hasValue(1);
    }

    @Test
    void aNamespaceBumpInvalidatesEveryInstance() throws Exception {
        AtomicInteger loadsA = new AtomicInteger();
        AtomicInteger loadsB = new AtomicInteger();
        TieredCache<String, Features> a = instance("bump", new SimpleMeterRegistry(), loadsA);
        TieredCache<String, Features> b = instance("bump", new SimpleMeterRegistry(), loadsB);
        a.put("k", new Features("k", List.of(5.0))).get(2, TimeUnit.SECONDS);
        assertThat(b.get("k").get(2, TimeUnit.SECONDS).weights()).containsExactly(5.0); // L2 hit, now in b's L1
        long before = currentVersion("bump");

        a.invalidateAll().get(2, TimeUnit.SECONDS);
        assertThat(currentVersion("bump")).isEqualTo(before + 1);
        // b learns the new version within its check interval and drops its L1; the next reads go to the source
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> b.get("k").get(2, TimeUnit.SECONDS).weights().equals(List.of(1.0, 2.0)));
        assertThat(loadsB).hasValue(1);
    }

    @Test
    void aPrometheusScrapeHasEveryFamily() throws Exception {
        PrometheusMeterRegistry prom = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MemcachedTier tier = MemcachedTier.builder().name("memcached").servers(memcached.addresses())
                .operationTimeout(Duration.ofMillis(500)).recordStats(MicrometerStats.of(prom)).build();
        closeables.add(tier);
        List<String> batches = new CopyOnWriteArrayList<>();
        Map<String, String> source = new ConcurrentHashMap<>(Map.of("a", "A", "b", "B"));
        TieredCache<String, String> cache = TieredCache.<String, String>builder("user_features_v1")
                .codec(ValueCodec.json(String.class)).l2(tier).recordStats(MicrometerStats.of(prom))
                .loader(k -> CompletableFuture.completedFuture(source.get(k)))
                .batchLoader(keys -> {
                    batches.add(keys.toString());
                    Map<String, String> out = new HashMap<>();
                    keys.forEach(k -> {
                        if (source.containsKey(k)) {
                            out.put(k, source.get(k));
                        }
                    });
                    return CompletableFuture.completedFuture(out);
                }).build();
        closeables.add(cache);
        cache.get("a").get(2, TimeUnit.SECONDS);
        cache.get("a").get(2, TimeUnit.SECONDS);
        cache.getAll(Set.of("a", "b", "c")).get(2, TimeUnit.SECONDS);
        cache.put("d", "D").get(2, TimeUnit.SECONDS);
        cache.invalidate("d").get(2, TimeUnit.SECONDS);
        cache.invalidateAll().get(2, TimeUnit.SECONDS);

        String text = prom.scrape();
        assertThat(text)
                .contains("model_serving_feature_cache_requests_total{cache_name=\"user_features_v1\",operation=\"get\"} 2")
                .contains("model_serving_feature_cache_hits_total{cache_name=\"user_features_v1\",operation=\"get\",tier=\"l1\"} 1")
                .contains("model_serving_feature_cache_misses_total{cache_name=\"user_features_v1\",operation=\"get\"} 1")
                .contains("model_serving_feature_cache_latency_seconds_bucket{cache_name=\"user_features_v1\",operation=\"get\",tier=\"l1\",le=\"1.0E-4\"}")
                .contains("model_serving_feature_cache_operation_errors_total{cache_name=\"user_features_v1\",operation=\"get\",reason=\"deserialization_error\"} 0")
                .contains("model_serving_feature_cache_loads_total{cache_name=\"user_features_v1\",result=\"success\"}")
                .contains("model_serving_feature_cache_loads_total{cache_name=\"user_features_v1\",result=\"not_found\"} 1")
                .contains("model_serving_feature_cache_load_latency_seconds_bucket{cache_name=\"user_features_v1\"")
                .contains("model_serving_feature_cache_coalesced_waiters_total{cache_name=\"user_features_v1\"}")
                .contains("model_serving_feature_cache_early_refreshes_total{cache_name=\"user_features_v1\"}")
                .contains("model_serving_feature_cache_stale_served_total{cache_name=\"user_features_v1\",reason=\"error\"}")
                .contains("model_serving_feature_cache_l2_latency_seconds_bucket{cache_name=\"user_features_v1\"")
                .contains("resilience4j_circuitbreaker_state{name=\"memcached\",state=\"closed\"} 1")
                .contains("model_serving_feature_cache_source_calls_total{cache_name=\"user_features_v1\"}")
                .contains("model_serving_feature_cache_load_waiter_timeouts_total{cache_name=\"user_features_v1\"} 0")
                .contains("model_serving_feature_cache_l2_errors_total{cache_name=\"user_features_v1\",operation=\"get\","
                        + "reason=\"l2_timeout\",server=\"" + memcached.servers().get(0).address() + "\"} 0")
                .contains("cache_gets_total{cache=\"user_features_v1\",cache_name=\"user_features_v1\",result=\"hit\"}");
        // the seed's buckets, 1 ms .. 1 s, plus sub-millisecond ones
        for (String le : List.of("1.0E-4", "2.5E-4", "5.0E-4", "0.001", "0.005", "0.01", "0.025", "0.05", "0.1",
                "0.25", "0.5", "1.0", "+Inf")) {
            assertThat(text).contains("model_serving_feature_cache_latency_seconds_bucket{cache_name=\"user_features_v1\",operation=\"get\",tier=\"l1\",le=\"" + le + "\"}");
        }
        assertThat(text).doesNotContain("\"a\"").doesNotContain("\"b\"").doesNotContain("\"d\""); // no keys as tags
    }
}
