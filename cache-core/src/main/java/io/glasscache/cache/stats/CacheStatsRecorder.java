package io.glasscache.cache.stats;

import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;

/**
 * Receives the events of one tiered cache, so that any metrics library can plug in (Micrometer's binding is
 * {@code io.glasscache.cache.micrometer.MicrometerStats}). Called on the hot path: implementations must be
 * thread-safe, must not block, and should pre-register whatever they need instead of looking it up per call.
 * Arguments are enums, counts and configured server indexes, never keys. The cache guards every call: an exception
 * thrown here is caught, counted ({@link #bindRecorderFailures}) and logged, and never breaks a read.
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

    /** Latency of one source call (single or batch); {@code result} is the call's outcome. */
    void recordLoadLatency(LoadResult result, long nanos);

    /** One source call (single or batch) started. */
    void recordSourceCall();

    /**
     * How long one key waited for a free source call before its load started; only caches that bound their source
     * calls ({@code batchWhileBusy}) wait.
     */
    void recordLoadWait(long nanos);

    /** One read stopped waiting for its lookup at the load timeout; the lookup itself goes on. */
    void recordWaiterTimeout();

    /** {@code count} callers joined a lookup already in flight instead of starting their own. */
    void recordCoalesced(int count);

    /** One refresh started before expiry by probabilistic early expiration. */
    void recordEarlyRefresh();

    /** One value served past its freshness. */
    void recordStaleServed(StaleReason reason);

    /** Latency of one successful L2 operation on server {@code server} (an index into the configured servers). */
    void recordL2Latency(L2Operation operation, int server, long nanos);

    /**
     * One failed L2 operation on server {@code server} ({@link ErrorReason#L2_TIMEOUT} or
     * {@link ErrorReason#L2_ERROR}).
     */
    void recordL2Error(L2Operation operation, int server, ErrorReason reason);

    /** Whether L1 should keep Caffeine's own statistics, for {@link #bindL1}. Default false. */
    default boolean recordsL1Stats() {
        return false;
    }

    /** Called once with the L1 Caffeine cache (when the cache has an L1), e.g. to bind Caffeine's own meters. */
    default void bindL1(Cache<?, ?> l1) {
    }

    /** Called once with the count of calls into this recorder that threw, so that it can be reported. */
    default void bindRecorderFailures(LongSupplier failures) {
    }
}
