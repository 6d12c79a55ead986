package io.glasscache.cache.micrometer;

import static io.glasscache.cache.stats.MetricNaming.CACHE_NAME;
import static io.glasscache.cache.stats.MetricNaming.OPERATION;
import static io.glasscache.cache.stats.MetricNaming.REASON;
import static io.glasscache.cache.stats.MetricNaming.RESULT;
import static io.glasscache.cache.stats.MetricNaming.SERVER;
import static io.glasscache.cache.stats.MetricNaming.TIER;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;

import io.glasscache.cache.stats.CacheMetric;
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
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * Records a tiered cache's events as Micrometer meters, all registered in the constructor (never looked up per
 * call), named and tagged as {@link CacheMetric} says (docs/metrics.md lists their Prometheus names). Every tag
 * value is the cache name, a configured L2 server or an enum constant. Made by {@link MicrometerStats}.
 *
 * <p>Latencies of zero (an L1 hit measured with the cache's 1 ms-resolution clock) are counted in an adder and
 * recorded into the timer by a background thread every 250 ms: recording a Micrometer timer reads the wall clock
 * (for its decaying max), which costs more than an L1 hit. They land in the lowest bucket, add nothing to the sum,
 * and appear in a scrape up to 250 ms later. A GET answered by L1 in zero measured time is one increment of a
 * single adder: the request and hit counters are function counters that add it in, and the flush records its
 * zero latencies.
 */
final class MicrometerCacheStats implements CacheStatsRecorder {

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
    private final Counter sourceCalls;
    private final Counter waiterTimeouts;
    private final Counter coalesced;
    private final Counter earlyRefreshes;
    private final Counter[] staleServed;
    private final Timer[][] l2Latency;
    private final Counter[][][] l2Errors;
    private final MeterRegistry registry;
    private final String prefix;
    private final String cacheName;
    private final LongAdder[][] zeroLatency;

    /** The reasons an L2 operation fails on a server (an open breaker never reaches one). */
    private static final List<ErrorReason> L2_ERROR_REASONS = List.of(ErrorReason.L2_TIMEOUT, ErrorReason.L2_ERROR);
    private static final long FLUSH_MILLIS = 250;
    private static final ScheduledThreadPoolExecutor FLUSHER = flusher();

    /** Registers the meters of cache {@code cacheName}, whose L2 has {@code servers}, with names under {@code prefix}. */
    MicrometerCacheStats(MeterRegistry registry, String prefix, String cacheName, List<String> servers) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.cacheName = Objects.requireNonNull(cacheName, "cacheName");
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
            FunctionCounter.builder(CacheMetric.REQUESTS.meterName(prefix), requestCount,
                            // the function holds the adder, so the meter's weak reference never clears
                            get ? r -> requestCount.sum() + l1.sum() : r -> requestCount.sum())
                    .description(CacheMetric.REQUESTS.description())
                    .tag(CACHE_NAME, cacheName).tag(OPERATION, op.tag()).register(registry);
            boolean read = isRead(op);
            if (read) {
                misses[op.ordinal()] = counter(CacheMetric.MISSES).tag(OPERATION, op.tag()).register(registry);
            }
            for (Tier tier : tiers) {
                if (read && (tier == Tier.L1 || tier == Tier.L2)) {
                    LongAdder hitCount = new LongAdder();
                    hits[op.ordinal()][tier.ordinal()] = hitCount;
                    boolean l1Get = op == CacheOperation.GET && tier == Tier.L1;
                    FunctionCounter.builder(CacheMetric.HITS.meterName(prefix), hitCount,
                                    l1Get ? h -> hitCount.sum() + l1.sum() : h -> hitCount.sum())
                            .description(CacheMetric.HITS.description())
                            .tag(CACHE_NAME, cacheName).tag(OPERATION, op.tag()).tag(TIER, tier.tag())
                            .register(registry);
                }
                if (read ? tier != Tier.ALL : tier == Tier.ALL) {
                    latency[op.ordinal()][tier.ordinal()] = timer(CacheMetric.LATENCY)
                            .tag(OPERATION, op.tag()).tag(TIER, tier.tag()).register(registry);
                    zeroLatency[op.ordinal()][tier.ordinal()] = new LongAdder();
                }
            }
            for (ErrorReason reason : ErrorReason.values()) {
                errors[op.ordinal()][reason.ordinal()] = counter(CacheMetric.OPERATION_ERRORS)
                        .tag(OPERATION, op.tag()).tag(REASON, reason.tag()).register(registry);
            }
        }
        loads = new Counter[LoadResult.values().length];
        loadLatency = new Timer[LoadResult.values().length];
        for (LoadResult result : LoadResult.values()) {
            loads[result.ordinal()] = counter(CacheMetric.LOADS).tag(RESULT, result.tag()).register(registry);
            loadLatency[result.ordinal()] = timer(CacheMetric.LOAD_LATENCY).tag(RESULT, result.tag())
                    .register(registry);
        }
        loadWait = timer(CacheMetric.LOAD_WAIT).register(registry);
        sourceCalls = counter(CacheMetric.SOURCE_CALLS).register(registry);
        waiterTimeouts = counter(CacheMetric.LOAD_WAITER_TIMEOUTS).register(registry);
        coalesced = counter(CacheMetric.COALESCED_WAITERS).register(registry);
        earlyRefreshes = counter(CacheMetric.EARLY_REFRESHES).register(registry);
        staleServed = new Counter[StaleReason.values().length];
        for (StaleReason reason : StaleReason.values()) {
            staleServed[reason.ordinal()] = counter(CacheMetric.STALE_SERVED).tag(REASON, reason.tag())
                    .register(registry);
        }
        L2Operation[] l2Ops = L2Operation.values();
        l2Latency = new Timer[l2Ops.length][servers.size()];
        l2Errors = new Counter[l2Ops.length][servers.size()][];
        for (L2Operation op : l2Ops) {
            for (int i = 0; i < servers.size(); i++) {
                String server = servers.get(i);
                l2Latency[op.ordinal()][i] = timer(CacheMetric.L2_LATENCY).tag(OPERATION, op.tag())
                        .tag(SERVER, server).register(registry);
                Counter[] byReason = new Counter[L2_ERROR_REASONS.size()];
                for (int r = 0; r < byReason.length; r++) {
                    byReason[r] = counter(CacheMetric.L2_ERRORS).tag(OPERATION, op.tag()).tag(SERVER, server)
                            .tag(REASON, L2_ERROR_REASONS.get(r).tag()).register(registry);
                }
                l2Errors[op.ordinal()][i] = byReason;
            }
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

    private Counter.Builder counter(CacheMetric metric) {
        return Counter.builder(metric.meterName(prefix)).description(metric.description()).tag(CACHE_NAME, cacheName);
    }

    private Timer.Builder timer(CacheMetric metric) {
        return MicrometerStats.histogram(metric.meterName(prefix), BUCKETS).description(metric.description())
                .tag(CACHE_NAME, cacheName);
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
    public void recordSourceCall() {
        sourceCalls.increment();
    }

    @Override
    public void recordWaiterTimeout() {
        waiterTimeouts.increment();
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
    public void recordL2Latency(L2Operation operation, int server, long nanos) {
        l2Latency[operation.ordinal()][server].record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void recordL2Error(L2Operation operation, int server, ErrorReason reason) {
        int r = L2_ERROR_REASONS.indexOf(reason);
        if (r >= 0) {
            l2Errors[operation.ordinal()][server][r].increment();
        }
    }

    @Override
    public boolean recordsL1Stats() {
        return true;
    }

    /** Micrometer's Caffeine meters ({@code cache.*}), tagged {@code cache} and {@code cache_name}. */
    @Override
    public void bindL1(Cache<?, ?> l1) {
        CaffeineCacheMetrics.monitor(registry, l1, cacheName, CACHE_NAME, cacheName);
    }

    @Override
    public void bindRecorderFailures(LongSupplier failures) {
        FunctionCounter.builder(CacheMetric.RECORDER_FAILURES.meterName(prefix), failures,
                        LongSupplier::getAsLong)
                .description(CacheMetric.RECORDER_FAILURES.description()).tag(CACHE_NAME, cacheName)
                .register(registry);
    }
}
