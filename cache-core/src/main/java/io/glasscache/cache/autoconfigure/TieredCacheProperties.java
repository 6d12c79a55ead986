package io.glasscache.cache.autoconfigure;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the tiered caches ({@code glasscache.caches.<name>.*}), their shared memcached L2
 * ({@code glasscache.memcached.*}) and their metrics ({@code glasscache.metrics.*}). A setting left out keeps the
 * builder's default ({@code TieredCache.Defaults}, {@code MemcachedTier.Defaults}): the defaults are written only
 * there.
 *
 * @param memcached the shared L2
 * @param caches    per-cache settings by cache name; a cache without an entry gets the defaults
 * @param metrics   meter naming
 */
@ConfigurationProperties("glasscache")
public record TieredCacheProperties(
        @DefaultValue Memcached memcached,
        Map<String, Cache> caches,
        @DefaultValue Metrics metrics) {

    public TieredCacheProperties {
        caches = caches == null ? Map.of() : Map.copyOf(caches);
    }

    /** The settings of cache {@code name}; every member null when it has none. */
    public Cache cache(String name) {
        Cache c = caches.get(name);
        return c != null ? c : new Cache(null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * The shared memcached L2.
     *
     * @param enabled             whether to create the L2 client at all (default true)
     * @param servers             comma-separated {@code host:port} list forming one Ketama ring (127.0.0.1:11211)
     * @param operationTimeout    timeout of one memcached operation (20ms)
     * @param maxQueuedOperations bound of each per-server operation queue; a full queue fails at once (16384)
     * @param circuitOpenDuration how long the L2 circuit breaker stays open before half-open probes (2s)
     * @param name                the circuit breaker's name and {@code name} metric tag (memcached)
     */
    public record Memcached(
            @DefaultValue("true") boolean enabled,
            String servers,
            Duration operationTimeout,
            Integer maxQueuedOperations,
            Duration circuitOpenDuration,
            String name) {
    }

    /**
     * Meter naming, shared by tiered and failover caches.
     *
     * @param prefix    dot-separated meter name prefix (default {@code model_serving.feature_cache}, rendered as
     *                  {@code model_serving_feature_cache_*})
     * @param maxGroups most distinct failover {@code group} tag values per cache; further groups count as "other"
     *                  (32)
     */
    public record Metrics(String prefix, Integer maxGroups) {
    }

    /**
     * One cache. Defaults in parentheses.
     *
     * @param ttl             how long a loaded value stays fresh, in both tiers (10m)
     * @param ttlJitter       random extra freshness as a fraction of the TTL, 0..1 (0.1)
     * @param loadTimeout     how long one reader waits for its key (1s)
     * @param loadHardTimeout the hard deadline of one source call, which frees its keys (10 x load-timeout)
     * @param namespace       L2 key namespace (the cache name)
     * @param l1              the on-heap tier
     * @param l2              the memcached tier
     * @param refresh         early refresh of hot keys
     * @param stale           windows in which a value past its freshness is still served
     * @param loads           a bound on concurrent source calls, with batching of what waits
     */
    public record Cache(
            Duration ttl,
            Double ttlJitter,
            Duration loadTimeout,
            Duration loadHardTimeout,
            String namespace,
            L1 l1,
            L2 l2,
            Refresh refresh,
            Stale stale,
            Loads loads) {
    }

    /**
     * The on-heap tier (Caffeine).
     *
     * @param enabled          whether to keep an L1 (true)
     * @param maxEntries       bound in entries (10000)
     * @param expireAfterWrite how long an entry answers from L1 before it is read through L2 again, which bounds
     *                         cross-instance staleness (1m); kept for the stale-if-error window longer, as the answer
     *                         when L2 cannot give one
     */
    public record L1(Boolean enabled, Long maxEntries, Duration expireAfterWrite) {
    }

    /**
     * The memcached tier of one cache.
     *
     * @param enabled whether this cache uses the shared L2 (true)
     */
    public record L2(Boolean enabled) {
    }

    /**
     * Probabilistic early expiration (XFetch).
     *
     * @param early whether hot keys are refreshed before they expire (true)
     * @param beta  XFetch's beta: larger refreshes earlier (1.0)
     */
    public record Refresh(Boolean early, Double beta) {
    }

    /**
     * Source calls of one cache ({@code TieredCache.Builder#batchWhileBusy}).
     *
     * @param maxConcurrent at most this many source calls at once; keys that miss meanwhile wait and go together in
     *                      the next call (batch loader). Unset: no bound, a call per miss
     * @param maxBatchSize  at most this many keys per call made of waiting keys (64)
     */
    public record Loads(Integer maxConcurrent, Integer maxBatchSize) {
    }

    /**
     * Stale windows, measured from the end of freshness.
     *
     * @param whileRevalidate served while one background load refreshes the value (30s)
     * @param ifError         served when the source fails or a reader times out (5m)
     */
    public record Stale(Duration whileRevalidate, Duration ifError) {
    }
}
