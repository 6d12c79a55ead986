package io.glasscache.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.glasscache.cache.MemcachedTier;
import io.glasscache.cache.codec.ValueCodec;
import io.glasscache.cache.micrometer.MicrometerStats;
import io.glasscache.testing.MemcachedExtension;
import io.glasscache.testing.MemcachedServer;

/**
 * memcached killed, then frozen (SIGSTOP) and resumed mid-test, with a healthy source: no call blocks past a bound
 * far below spymemcached's 2.5 s default, no error reaches the caller, the breaker opens and closes again.
 */
class TieredCacheFaultIT {

    private static final Duration OP_TIMEOUT = Duration.ofMillis(50);
    /** Generous: 20 operation timeouts. Without the fixes one call would take 2.5 s. */
    private static final long CALL_BOUND_NANOS = OP_TIMEOUT.toNanos() * 20;
    private static final int MAX_CALLS_PER_PHASE = 2_000;

    @RegisterExtension
    static final MemcachedExtension memcached = MemcachedExtension.builder().instances(1).build();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicInteger loads = new AtomicInteger();
    private MemcachedTier l2;
    private TieredCache<String, String> cache;
    private int seq;

    @BeforeEach
    void build() {
        l2 = MemcachedTier.builder().servers(memcached.addresses()).operationTimeout(OP_TIMEOUT)
                .circuitOpenDuration(Duration.ofMillis(300)).build();
        cache = TieredCache.<String, String>builder("faults")
                .l1Enabled(false) // every read touches L2
                .codec(ValueCodec.json(String.class)).l2(l2).recordStats(MicrometerStats.of(registry))
                .loader(k -> {
                    loads.incrementAndGet();
                    return CompletableFuture.completedFuture("v-" + k);
                }).build();
    }

    @AfterEach
    void close() {
        cache.close();
        l2.close();
    }

    /** One read of a fresh key; asserts it answers correctly and within the bound. */
    private void readOnce() throws Exception {
        String key = "k" + (seq++ % 50);
        long start = System.nanoTime();
        String value = cache.get(key).get(5, TimeUnit.SECONDS);
        long took = System.nanoTime() - start;
        assertThat(value).isEqualTo("v-" + key);
        assertThat(took).as("call blocked %d ms", took / 1_000_000).isLessThan(CALL_BOUND_NANOS);
    }

    /** Reads until the breaker reaches {@code state}, bounded in calls; at least {@code min} calls. */
    private int readUntil(CircuitBreaker.State state, int min) throws Exception {
        int[] calls = {0};
        while (calls[0] < min) {
            readOnce();
            calls[0]++;
        }
        // then one read every 5 ms, so that reconnects and the open-state wait progress between them
        await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                .until(() -> {
                    if (l2.circuitBreaker().getState() == state) {
                        return true;
                    }
                    assertThat(calls[0]).as("breaker never reached " + state).isLessThan(MAX_CALLS_PER_PHASE);
                    readOnce();
                    calls[0]++;
                    return l2.circuitBreaker().getState() == state;
                });
        return calls[0];
    }

    private double errors(String reason) {
        return registry.counter("model_serving.feature_cache.operation.errors", "cache_name", "faults",
                "operation", "get", "reason", reason).count();
    }

    @Test
    void killedThenRestartedMemcachedNeverReachesTheCaller() throws Exception {
        MemcachedServer server = memcached.server();
        readUntil(CircuitBreaker.State.CLOSED, 20);

        server.kill();
        readUntil(CircuitBreaker.State.OPEN, 1);
        double skippedBefore = errors("l2_circuit_open");
        for (int i = 0; i < 20; i++) {
            readOnce(); // skipped at once while open: no connection attempt per request
        }
        assertThat(errors("l2_circuit_open")).isGreaterThan(skippedBefore);
        assertThat(errors("l2_error") + errors("l2_timeout")).isGreaterThan(0);

        server.restart();
        readUntil(CircuitBreaker.State.CLOSED, 1);
        double errorsBefore = errors("l2_error") + errors("l2_timeout") + errors("l2_circuit_open");
        for (int i = 0; i < 50; i++) {
            readOnce();
        }
        assertThat(errors("l2_error") + errors("l2_timeout") + errors("l2_circuit_open")).isEqualTo(errorsBefore);
        assertThat(registry.find("model_serving.feature_cache.hits").tag("tier", "l2").functionCounter().count())
                .isGreaterThan(0);
    }

    @Test
    void frozenThenResumedMemcachedNeverReachesTheCaller() throws Exception {
        MemcachedServer server = memcached.server();
        readUntil(CircuitBreaker.State.CLOSED, 20);

        server.freeze();
        try {
            readUntil(CircuitBreaker.State.OPEN, 1);
            assertThat(errors("l2_timeout")).isGreaterThan(0);
            for (int i = 0; i < 20; i++) {
                readOnce();
            }
            assertThat(errors("l2_circuit_open")).isGreaterThan(0);
        } finally {
            server.resume();
        }
        readUntil(CircuitBreaker.State.CLOSED, 1);
        double hitsBefore = registry.find("model_serving.feature_cache.hits").tag("tier", "l2").functionCounter().count();
        for (int i = 0; i < 100; i++) {
            readOnce();
        }
        assertThat(registry.find("model_serving.feature_cache.hits").tag("tier", "l2").functionCounter().count())
                .isGreaterThan(hitsBefore);
    }

    @Test
    void pastItsL1LifetimeAnEntryIsReadThroughL2AndServedFromL1WhileL2IsDown() throws Exception {
        MemcachedServer server = memcached.server();
        MutableClock clock = new MutableClock();
        AtomicInteger sourceLoads = new AtomicInteger();
        TieredCache<String, String> tiered = TieredCache.<String, String>builder("l1-copies")
                .codec(ValueCodec.json(String.class)).l2(l2).recordStats(MicrometerStats.of(registry)).clock(clock)
                .ttl(Duration.ofMinutes(10)).ttlJitter(0).l1ExpireAfterWrite(Duration.ofMinutes(1))
                .loader(k -> {
                    sourceLoads.incrementAndGet();
                    return CompletableFuture.completedFuture("v-" + k);
                }).build();
        try {
            // construction does not wait for L2: the namespace's version key is created in the background
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !server.command("get l1-copies:__version").strip().equals("END"));
            long itemsBefore = currItems(server);
            assertThat(tiered.get("a").get(5, TimeUnit.SECONDS)).isEqualTo("v-a");
            assertThat(tiered.getAll(java.util.List.of("b", "c")).get(5, TimeUnit.SECONDS))
                    .containsExactly(java.util.Map.entry("b", "v-b"), java.util.Map.entry("c", "v-c"));
            assertThat(sourceLoads).hasValue(3);
            // L2 is written in the background
            await().atMost(Duration.ofSeconds(5)).until(() -> currItems(server) == itemsBefore + 3);

            // Past the L1 lifetime, still fresh: read through L2 again (an L2 hit), not the source.
            clock.advance(Duration.ofMinutes(2));
            double l2Hits = hits("l1-copies", "l2");
            assertThat(tiered.get("a").get(5, TimeUnit.SECONDS)).isEqualTo("v-a");
            assertThat(hits("l1-copies", "l2")).isEqualTo(l2Hits + 1);

            // L2 down: L1's copies answer, one key and several, and the source is not asked.
            server.kill();
            clock.advance(Duration.ofMinutes(2));
            double l1Hits = hits("l1-copies", "l1");
            assertThat(tiered.get("a").get(5, TimeUnit.SECONDS)).isEqualTo("v-a");
            assertThat(tiered.getAll(java.util.List.of("b", "c")).get(5, TimeUnit.SECONDS))
                    .containsExactly(java.util.Map.entry("b", "v-b"), java.util.Map.entry("c", "v-c"));
            assertThat(sourceLoads).hasValue(3);
            assertThat(hits("l1-copies", "l1")).isEqualTo(l1Hits + 3);

            // Past its TTL a copy is not served that way: the source answers.
            clock.advance(Duration.ofMinutes(7));
            assertThat(tiered.get("a").get(5, TimeUnit.SECONDS)).isEqualTo("v-a");
            assertThat(sourceLoads).hasValue(4);
        } finally {
            tiered.close();
            server.restart();
        }
    }

    private static long currItems(MemcachedServer server) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("STAT curr_items (\\d+)")
                .matcher(server.command("stats"));
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private double hits(String cache, String tier) {
        return registry.find("model_serving.feature_cache.hits").tag("cache_name", cache).tag("tier", tier)
                .functionCounters().stream().mapToDouble(c -> c.count()).sum();
    }
}
