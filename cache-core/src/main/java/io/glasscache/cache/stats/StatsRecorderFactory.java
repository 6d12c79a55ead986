package io.glasscache.cache.stats;

import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/**
 * Makes the stats recorders of the caches and the L2 tier built with it: the one thing a builder needs to report
 * metrics ({@code recordStats(...)}), the way Caffeine's builders take a stats counter. Micrometer's is
 * {@code MicrometerStats.of(registry)}; one instance is shared by every cache of an application.
 */
public interface StatsRecorderFactory {

    /** The recorder of tiered cache {@code cacheName}, whose L2 (if any) has {@code l2Servers} ({@code host:port}). */
    CacheStatsRecorder tieredCache(String cacheName, List<String> l2Servers);

    /** The recorder of failover cache {@code cacheName}. */
    FailoverStatsRecorder failoverCache(String cacheName);

    /** Called once per L2 tier with its circuit breakers, e.g. to bind their state and call meters. */
    default void l2CircuitBreakers(CircuitBreakerRegistry breakers) {
    }

    /** A factory whose recorders record nothing (the default of every builder). */
    static StatsRecorderFactory noop() {
        return NoopStats.INSTANCE;
    }
}
