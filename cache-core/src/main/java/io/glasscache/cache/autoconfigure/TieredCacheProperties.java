package io.glasscache.cache.autoconfigure;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the tiered caches ({@code glasscache.caches.<name>.*}), their shared memcached L2
 * ({@code glasscache.memcached.*}) and their metrics ({@code glasscache.metrics.*}).
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

    /** The settings of cache {@code name}, or the defaults. */
    public Cache cache(String name) {
        Cache c = caches.get(name);
        return c != null ? c : Cache.defaults();
    }

    /**
     * The shared memcached L2.
     *
     * @param enabled             whether to create the L2 client at all
     * @param servers             comma-separated {@code host:port} list forming one Ketama ring
     * @param operationTimeout    timeout of one memcached operation
     * @param maxQueuedOperations bound of each per-server operation queue; a full queue fails at once
     * @param circuitOpenDuration how long the L2 circuit breaker stays open before half-open probes
     * @param name                the circuit breaker's name and {@code name} metric tag
     */
    public record Memcached(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("127.0.0.1:11211") String servers,
            @DefaultValue("20ms") Duration operationTimeout,
            @DefaultValue("16384") int maxQueuedOperations,
            @DefaultValue("2s") Duration circuitOpenDuration,
            @DefaultValue("memcached") String name) {
    }

    /**
     * Meter naming.
     *
     * @param prefix dot-separated meter name prefix; the default renders as {@code model_serving_feature_cache_*}
     */
    public record Metrics(@DefaultValue("model_serving.feature_cache") String prefix) {
    }

    /**
     * One cache.
     *
     * @param ttl         how long a loaded value stays fresh, in both tiers
     * @param ttlJitter   random extra freshness as a fraction of the TTL (0..1)
     * @param loadTimeout timeout of one shared source load
     * @param namespace   L2 key namespace; empty means the cache name
     * @param l1          the on-heap tier
     * @param l2          the memcached tier
     * @param refresh     early refresh of hot keys
     * @param stale       windows in which a value past its freshness is still served
     * @param loads       a bound on concurrent source calls, with batching of what waits
     */
    public record Cache(
            @DefaultValue("10m") Duration ttl,
            @DefaultValue("0.1") double ttlJitter,
            @DefaultValue("1s") Duration loadTimeout,
            @DefaultValue("") String namespace,
            @DefaultValue L1 l1,
            @DefaultValue L2 l2,
            @DefaultValue Refresh refresh,
            @DefaultValue Stale stale,
            @DefaultValue Loads loads) {

        static Cache defaults() {
            return new Cache(Duration.ofMinutes(10), 0.1, Duration.ofSeconds(1), "",
                    new L1(true, 10_000, Duration.ofMinutes(1)), new L2(true), new Refresh(true, 1.0),
                    new Stale(Duration.ofSeconds(30), Duration.ofMinutes(5)), new Loads(0, 64));
        }
    }

    /**
     * The on-heap tier (Caffeine).
     *
     * @param enabled          whether to keep an L1
     * @param maxEntries       bound in entries
     * @param expireAfterWrite how long an entry answers from L1 before it is read through L2 again (bounds
     *                         cross-instance staleness); kept for the stale-if-error window longer, as the answer
     *                         when L2 cannot give one
     */
    public record L1(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("10000") long maxEntries,
            @DefaultValue("1m") Duration expireAfterWrite) {
    }

    /**
     * The memcached tier of one cache.
     *
     * @param enabled whether this cache uses the shared L2
     */
    public record L2(@DefaultValue("true") boolean enabled) {
    }

    /**
     * Probabilistic early expiration (XFetch).
     *
     * @param early whether hot keys are refreshed before they expire
     * @param beta  XFetch's beta: larger refreshes earlier
     */
    public record Refresh(@DefaultValue("true") boolean early, @DefaultValue("1.0") double beta) {
    }

    /**
     * Source calls of one cache ({@code TieredCache.Builder#batchWhileBusy}).
     *
     * @param maxConcurrent at most this many source calls at once; keys that miss meanwhile wait and go together in
     *                      the next call (batch loader). 0: no bound, a call per miss
     * @param maxBatchSize  at most this many keys per call made of waiting keys
     */
    public record Loads(
            @DefaultValue("0") int maxConcurrent,
            @DefaultValue("64") int maxBatchSize) {
    }

    /**
     * Stale windows, measured from the end of freshness.
     *
     * @param whileRevalidate served while one background load refreshes the value
     * @param ifError         served when the source fails or times out
     */
    public record Stale(
            @DefaultValue("30s") Duration whileRevalidate,
            @DefaultValue("5m") Duration ifError) {
    }
}
