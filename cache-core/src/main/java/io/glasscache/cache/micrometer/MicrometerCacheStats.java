package io.glasscache.cache.micrometer;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import io.glasscache.cache.stats.CacheOperation;
import io.glasscache.cache.stats.CacheStatsRecorder;
import io.glasscache.cache.stats.ErrorReason;
import io.glasscache.cache.stats.L2Operation;
import io.glasscache.cache.stats.LoadResult;
import io.glasscache.cache.stats.StaleReason;
import io.glasscache.cache.stats.Tier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Records a tiered cache's events as Micrometer meters, all registered in the constructor (never looked up per
 * call). With the default prefix {@code model_serving.feature_cache}, Prometheus sees:
 * <ul>
 * <li>{@code model_serving_feature_cache_requests_total{cache_name,operation}}: calls;</li>
 * <li>{@code model_serving_feature_cache_hits_total{cache_name,operation,tier}}: keys answered by l1 or l2;</li>
 * <li>{@code model_serving_feature_cache_misses_total{cache_name,operation}}: keys that went to the source;</li>
 * <li>{@code model_serving_feature_cache_latency_seconds{cache_name,operation,tier}}: histogram per call;</li>
 * <li>{@code model_serving_feature_cache_operation_errors_total{cache_name,operation,reason}};</li>
 * <li>{@code model_serving_feature_cache_loads_total{cache_name,result}} and
 * {@code model_serving_feature_cache_load_latency_seconds{cache_name,result}};</li>
 * <li>{@code model_serving_feature_cache_load_wait_seconds{cache_name}}: per key, the wait for a free source call
 * (caches that bound their source calls);</li>
 * <li>{@code model_serving_feature_cache_coalesced_waiters_total{cache_name}},
 * {@code model_serving_feature_cache_early_refreshes_total{cache_name}},
 * {@code model_serving_feature_cache_stale_served_total{cache_name,reason}};</li>
 * <li>{@code model_serving_feature_cache_l2_latency_seconds{cache_name,operation}}.</li>
 * </ul>
 * Every tag value is the cache name (from configuration) or an enum constant.
 *
 * <p>Latencies of zero (an L1 hit measured with the cache's 1 ms-resolution clock) are counted in an adder and
 * recorded into the timer by a background thread every 250 ms: recording a Micrometer timer reads the wall clock
 * (for its decaying max), which costs more than an L1 hit. They land in the lowest bucket, add nothing to the sum,
 * and appear in a scrape up to 250 ms later. A GET answered by L1 in zero measured time is one increment of a
 * single adder: the request and hit counters are function counters that add it in, and the flush records its
 * zero latencies.
 */
public final class MicrometerCacheStats implements CacheStatsRecorder {

    /** The default meter name prefix. */
    public static final String DEFAULT_PREFIX = "model_serving.feature_cache";

    /** Latency bucket bounds: sub-millisecond ones, then the seed's 1 ms .. 1 s. */
    static final Duration[] BUCKETS = {
        Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000),
        Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1)
    };

    // Requests and hits are function counters over adders, so that the L1-hit fast path is one increment of
    // l1GetHits, which counts as a GET request, an L1 hit and (on flush) a zero latency at once.
    private final LongAdder[] requests;
    private final LongAdder[][] hits;
    private final LongAdder l1GetHits = new LongAdder();
    private long l1GetHitsFlushed;
    private final Counter[] misses;
    private final Timer[][] latency;
    private final Counter[][] errors;
    private final Counter[] loads;
    private final Timer[] loadLatency;
    private final Timer loadWait;
    private final Counter coalesced;
    private final Counter earlyRefreshes;
    private final Counter[] staleServed;
    private final Timer[] l2Latency;
    private final LongAdder[][] zeroLatency;

    private static final long FLUSH_MILLIS = 250;
    private static final ScheduledThreadPoolExecutor FLUSHER = flusher();

    /** Registers the meters of cache {@code cacheName} with names under {@code prefix}. */
    public MicrometerCacheStats(MeterRegistry registry, String prefix, String cacheName) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(cacheName, "cacheName");
        CacheOperation[] ops = CacheOperation.values();
        Tier[] tiers = Tier.values();

        requests = new LongAdder[ops.length];
        misses = new Counter[ops.length];
        hits = new LongAdder[ops.length][tiers.length];
        latency = new Timer[ops.length][tiers.length];
        zeroLatency = new LongAdder[ops.length][tiers.length];
        errors = new Counter[ops.length][ErrorReason.values().length];
        LongAdder l1 = l1GetHits; // captured alone: the meters must not keep this recorder reachable
        for (CacheOperation op : ops) {
            LongAdder requestCount = new LongAdder();
            requests[op.ordinal()] = requestCount;
            boolean get = op == CacheOperation.GET;
            FunctionCounter.builder(prefix + ".requests", requestCount,
                            // the function holds the adder, so the meter's weak reference never clears
                            get ? r -> requestCount.sum() + l1.sum() : r -> requestCount.sum())
                    .description("Calls of a cache operation")
                    .tag("cache_name", cacheName).tag("operation", op.tag()).register(registry);
            boolean read = isRead(op);
            if (read) {
                misses[op.ordinal()] = Counter.builder(prefix + ".misses")
                        .description("Keys read that were in no cache tier and went to the source")
                        .tag("cache_name", cacheName).tag("operation", op.tag()).register(registry);
            }
            for (Tier tier : tiers) {
                if (read && (tier == Tier.L1 || tier == Tier.L2)) {
                    LongAdder hitCount = new LongAdder();
                    hits[op.ordinal()][tier.ordinal()] = hitCount;
                    boolean l1Get = op == CacheOperation.GET && tier == Tier.L1;
                    FunctionCounter.builder(prefix + ".hits", hitCount,
                                    l1Get ? h -> hitCount.sum() + l1.sum() : h -> hitCount.sum())
                            .description("Keys read that a cache tier answered")
                            .tag("cache_name", cacheName).tag("operation", op.tag()).tag("tier", tier.tag())
                            .register(registry);
                }
                if (read ? tier != Tier.ALL : tier == Tier.ALL) {
                    latency[op.ordinal()][tier.ordinal()] = timer(prefix + ".latency",
                            "Latency of cache calls; tier is the deepest tier a call needed", registry)
                            .tag("cache_name", cacheName).tag("operation", op.tag()).tag("tier", tier.tag())
                            .register(registry);
                    zeroLatency[op.ordinal()][tier.ordinal()] = new LongAdder();
                }
            }
            for (ErrorReason reason : ErrorReason.values()) {
                errors[op.ordinal()][reason.ordinal()] = Counter.builder(prefix + ".operation.errors")
                        .description("Errors during cache operations (all are handled: miss or stale value)")
                        .tag("cache_name", cacheName).tag("operation", op.tag()).tag("reason", reason.tag())
                        .register(registry);
            }
        }
        loads = new Counter[LoadResult.values().length];
        loadLatency = new Timer[LoadResult.values().length];
        for (LoadResult result : LoadResult.values()) {
            loads[result.ordinal()] = Counter.builder(prefix + ".loads")
                    .description("Keys loaded from the source, by result")
                    .tag("cache_name", cacheName).tag("result", result.tag()).register(registry);
            loadLatency[result.ordinal()] = timer(prefix + ".load.latency", "Latency of source load calls", registry)
                    .tag("cache_name", cacheName).tag("result", result.tag()).register(registry);
        }
        loadWait = timer(prefix + ".load.wait", "Time keys waited for a free source call (batchWhileBusy)", registry)
                .tag("cache_name", cacheName).register(registry);
        coalesced = Counter.builder(prefix + ".coalesced.waiters")
                .description("Reads that joined a lookup already in flight instead of starting one")
                .tag("cache_name", cacheName).register(registry);
        earlyRefreshes = Counter.builder(prefix + ".early.refreshes")
                .description("Background refreshes started early by probabilistic early expiration")
                .tag("cache_name", cacheName).register(registry);
        staleServed = new Counter[StaleReason.values().length];
        for (StaleReason reason : StaleReason.values()) {
            staleServed[reason.ordinal()] = Counter.builder(prefix + ".stale.served")
                    .description("Values served past their freshness")
                    .tag("cache_name", cacheName).tag("reason", reason.tag()).register(registry);
        }
        l2Latency = new Timer[L2Operation.values().length];
        for (L2Operation op : L2Operation.values()) {
            l2Latency[op.ordinal()] = timer(prefix + ".l2.latency", "Latency of L2 (memcached) operations", registry)
                    .tag("cache_name", cacheName).tag("operation", op.tag()).register(registry);
        }
        scheduleFlush();
    }

    /** Flushes zero latencies while this recorder is reachable; the task cancels itself once it is collected. */
    private void scheduleFlush() {
        WeakReference<MicrometerCacheStats> self = new WeakReference<>(this);
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        task.set(FLUSHER.scheduleWithFixedDelay(() -> {
            MicrometerCacheStats stats = self.get();
            if (stats == null) {
                ScheduledFuture<?> t = task.get();
                if (t != null) {
                    t.cancel(false);
                }
                return;
            }
            stats.flushZeroLatencies();
        }, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS));
    }

    /** Records the pending zero latencies now (also used by tests and before a final scrape). */
    public synchronized void flushZeroLatencies() {
        long l1Total = l1GetHits.sum();
        long l1New = l1Total - l1GetHitsFlushed;
        l1GetHitsFlushed = l1Total;
        Timer l1Latency = latency[CacheOperation.GET.ordinal()][Tier.L1.ordinal()];
        for (long i = 0; i < l1New; i++) {
            l1Latency.record(0, TimeUnit.NANOSECONDS);
        }
        for (int op = 0; op < zeroLatency.length; op++) {
            for (int tier = 0; tier < zeroLatency[op].length; tier++) {
                LongAdder pending = zeroLatency[op][tier];
                if (pending == null) {
                    continue;
                }
                long n = pending.sumThenReset();
                Timer t = latency[op][tier];
                for (long i = 0; i < n; i++) {
                    t.record(0, TimeUnit.NANOSECONDS);
                }
            }
        }
    }

    private static ScheduledThreadPoolExecutor flusher() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "glasscache-metrics-flush");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    private static Timer.Builder timer(String name, String description, MeterRegistry registry) {
        // One histogram buffer instead of three: Prometheus buckets are cumulative, rotation buys nothing here.
        return Timer.builder(name).description(description).serviceLevelObjectives(BUCKETS)
                .minimumExpectedValue(BUCKETS[0]).maximumExpectedValue(BUCKETS[BUCKETS.length - 1])
                .distributionStatisticBufferLength(1);
    }

    private static boolean isRead(CacheOperation op) {
        return op == CacheOperation.GET || op == CacheOperation.GET_ALL;
    }

    @Override
    public void recordRequest(CacheOperation operation) {
        requests[operation.ordinal()].increment();
    }

    @Override
    public void recordL1GetHit() {
        l1GetHits.increment();
    }

    @Override
    public void recordHits(CacheOperation operation, Tier tier, int count) {
        LongAdder c = hits[operation.ordinal()][tier.ordinal()];
        if (c != null && count > 0) {
            c.add(count);
        }
    }

    @Override
    public void recordMisses(CacheOperation operation, int count) {
        Counter c = misses[operation.ordinal()];
        if (c != null && count > 0) {
            c.increment(count);
        }
    }

    @Override
    public void recordLatency(CacheOperation operation, Tier tier, long nanos) {
        if (nanos == 0) {
            LongAdder pending = zeroLatency[operation.ordinal()][tier.ordinal()];
            if (pending != null) {
                pending.increment();
            }
            return;
        }
        Timer t = latency[operation.ordinal()][tier.ordinal()];
        if (t != null) {
            t.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void recordError(CacheOperation operation, ErrorReason reason) {
        errors[operation.ordinal()][reason.ordinal()].increment();
    }

    @Override
    public void recordLoads(LoadResult result, int keys) {
        if (keys > 0) {
            loads[result.ordinal()].increment(keys);
        }
    }

    @Override
    public void recordLoadLatency(LoadResult result, long nanos) {
        loadLatency[result.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void recordLoadWait(long nanos) {
        loadWait.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void recordCoalesced(int count) {
        if (count > 0) {
            coalesced.increment(count);
        }
    }

    @Override
    public void recordEarlyRefresh() {
        earlyRefreshes.increment();
    }

    @Override
    public void recordStaleServed(StaleReason reason) {
        staleServed[reason.ordinal()].increment();
    }

    @Override
    public void recordL2Latency(L2Operation operation, long nanos) {
        l2Latency[operation.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
    }
}
