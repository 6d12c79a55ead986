package io.glasscache.cache.autoconfigure;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.glasscache.cache.MemcachedTier;

/**
 * Reports the L2's circuit breaker and connections. An L2 outage only slows reads down (they go to the source), so
 * this never reports DOWN: it reports {@code UP}, or {@code DEGRADED} (a status the default aggregation ignores and
 * maps to HTTP 200) while the breaker is not closed or a server is unreachable. It is not part of the liveness or
 * readiness groups.
 */
public final class MemcachedL2HealthIndicator implements HealthIndicator {

    /** Reported while the L2 is skipped or partly unreachable. */
    public static final Status DEGRADED = new Status("DEGRADED", "L2 unavailable: reads go to the source");

    private final MemcachedTier l2;

    public MemcachedL2HealthIndicator(MemcachedTier l2) {
        this.l2 = l2;
    }

    @Override
    public Health health() {
        CircuitBreaker breaker = l2.circuitBreaker();
        CircuitBreaker.State state = breaker.getState();
        var unavailable = l2.unavailableServers();
        boolean healthy = (state == CircuitBreaker.State.CLOSED) && unavailable.isEmpty();
        return Health.status(healthy ? Status.UP : DEGRADED)
                .withDetail("circuitBreaker", state.name())
                .withDetail("failureRate", breaker.getMetrics().getFailureRate())
                .withDetail("servers", l2.serverList())
                .withDetail("availableServers", l2.availableServers())
                .withDetail("unavailableServers", unavailable)
                .withDetail("operationTimeoutMs", l2.operationTimeout().toMillis())
                .build();
    }
}
