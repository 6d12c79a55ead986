package io.glasscache.cache.stats;

/**
 * Receives the events of one tiered cache, so that any metrics library can plug in (Micrometer's is
 * {@code io.glasscache.cache.micrometer.MicrometerCacheStats}). Called on the hot path: implementations must be
 * thread-safe, must not block, and should pre-register whatever they need instead of looking it up per call.
 * Arguments are always enums, never keys.
 */
public interface CacheStatsRecorder {

    /** One caller-facing call of {@code operation}. */
    void recordRequest(CacheOperation operation);

    /**
     * One {@link CacheOperation#GET} answered by L1 within the clock's resolution: a request, an L1 hit and a zero
     * latency. The hottest path of all, so recorders may count it once and derive the three.
     */
    default void recordL1GetHit() {
        recordRequest(CacheOperation.GET);
        recordHits(CacheOperation.GET, Tier.L1, 1);
        recordLatency(CacheOperation.GET, Tier.L1, 0);
    }

    /** {@code count} keys of a read were answered by {@code tier} ({@link Tier#L1} or {@link Tier#L2}). */
    void recordHits(CacheOperation operation, Tier tier, int count);

    /** {@code count} keys of a read were in no cache tier and went to the source. */
    void recordMisses(CacheOperation operation, int count);

    /**
     * End-to-end latency of one call; {@code tier} is the deepest tier the call needed ({@link Tier#ALL} for writes).
     */
    void recordLatency(CacheOperation operation, Tier tier, long nanos);

    /** One error of {@code reason} during {@code operation}. */
    void recordError(CacheOperation operation, ErrorReason reason);

    /** {@code keys} keys came back from the source with {@code result}. */
    void recordLoads(LoadResult result, int keys);

    /** Latency of one loader call (single or batch); {@code result} is the call's outcome. */
    void recordLoadLatency(LoadResult result, long nanos);

    /**
     * How long one key waited for a free source call before its load started; only caches that bound their source
     * calls ({@code batchWhileBusy}) wait.
     */
    default void recordLoadWait(long nanos) {
    }

    /** {@code count} callers joined a load already in flight instead of starting their own. */
    void recordCoalesced(int count);

    /** One refresh started before expiry by probabilistic early expiration. */
    void recordEarlyRefresh();

    /** One value served past its freshness. */
    void recordStaleServed(StaleReason reason);

    /** Latency of one L2 operation, whatever its outcome. */
    void recordL2Latency(L2Operation operation, long nanos);

    /** A recorder that drops everything. */
    static CacheStatsRecorder noop() {
        return NoopCacheStatsRecorder.INSTANCE;
    }
}
