package io.glasscache.cache.micrometer;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.glasscache.cache.stats.CacheStatsRecorder;
import io.glasscache.cache.stats.FailoverStatsRecorder;
import io.glasscache.cache.stats.MetricNaming;
import io.glasscache.cache.stats.StatsRecorderFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * GlassCache's Micrometer binding: give it to every builder ({@code recordStats(MicrometerStats.of(registry))}) and
 * the tiered caches, failover caches and L2 tiers register their meters in {@code registry}, named under one
 * prefix as {@link io.glasscache.cache.stats.CacheMetric} and {@link io.glasscache.cache.stats.FailoverMetric} say.
 * It also binds the meters GlassCache takes from its libraries: Caffeine's for each L1 (Micrometer's
 * {@code cache.*}, tagged {@code cache_name} too) and Resilience4j's for the L2 circuit breaker
 * ({@code resilience4j.circuitbreaker.*}, tagged {@code name}). Immutable and thread-safe.
 */
public final class MicrometerStats implements StatsRecorderFactory {

    /** The Prometheus families of the meters bound from Caffeine and Resilience4j (not under the prefix). */
    public static final String CAFFEINE_SIZE = "cache_size";
    public static final String CAFFEINE_GETS = "cache_gets_total";
    public static final String CAFFEINE_EVICTIONS = "cache_evictions_total";
    public static final String CIRCUIT_BREAKER_STATE = "resilience4j_circuitbreaker_state";
    public static final String CIRCUIT_BREAKER_FAILURE_RATE = "resilience4j_circuitbreaker_failure_rate";
    /** The default bound on distinct failover {@code group} tag values per cache; later groups count as "other". */
    public static final int DEFAULT_MAX_GROUPS = 32;

    private final MeterRegistry registry;
    private final String prefix;
    private final int maxGroups;

    private MicrometerStats(MeterRegistry registry, String prefix, int maxGroups) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.prefix = MetricNaming.requirePrefix(prefix);
        if (maxGroups < 1) {
            throw new IllegalArgumentException("maxGroups must be >= 1");
        }
        this.maxGroups = maxGroups;
    }

    /** Meters in {@code registry} under {@link MetricNaming#DEFAULT_PREFIX}. */
    public static MicrometerStats of(MeterRegistry registry) {
        return new MicrometerStats(registry, MetricNaming.DEFAULT_PREFIX, DEFAULT_MAX_GROUPS);
    }

    /** Meters in {@code registry} under {@code prefix} (see {@link MetricNaming#PREFIX_PATTERN}). */
    public static MicrometerStats of(MeterRegistry registry, String prefix) {
        return new MicrometerStats(registry, prefix, DEFAULT_MAX_GROUPS);
    }

    /** The same binding with at most {@code maxGroups} distinct failover {@code group} tag values per cache. */
    public MicrometerStats withMaxGroups(int maxGroups) {
        return new MicrometerStats(registry, prefix, maxGroups);
    }

    /** The meter name prefix. */
    public String prefix() {
        return prefix;
    }

    @Override
    public CacheStatsRecorder tieredCache(String cacheName, List<String> l2Servers) {
        return new MicrometerCacheStats(registry, prefix, cacheName, l2Servers);
    }

    @Override
    public FailoverStatsRecorder failoverCache(String cacheName) {
        return new MicrometerFailoverStats(registry, prefix, cacheName, maxGroups);
    }

    @Override
    public void l2CircuitBreakers(CircuitBreakerRegistry breakers) {
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry);
    }

    /**
     * A histogram timer with fixed buckets: one histogram buffer instead of three (Prometheus buckets are cumulative,
     * rotation buys nothing here).
     */
    static Timer.Builder histogram(String name, Duration[] buckets) {
        return Timer.builder(name).serviceLevelObjectives(buckets).minimumExpectedValue(buckets[0])
                .maximumExpectedValue(buckets[buckets.length - 1]).distributionStatisticBufferLength(1);
    }
}
