package io.glasscache.cache.freshness;

/**
 * A value and its freshness, the same in L1 and L2. Times are epoch millis from the cache's clock.
 *
 * @param value      the value
 * @param freshUntil served as fresh until then
 * @param hardUntil  past every stale window: never served after it
 * @param deltaMillis how long the load that produced it took (scales early refresh)
 * @param l1Until    until then L1 answers alone; later reads go through L2 again (cross-instance staleness bound)
 * @param <V>        the value type
 */
public record Entry<V>(V value, long freshUntil, long hardUntil, int deltaMillis, long l1Until) {
}
