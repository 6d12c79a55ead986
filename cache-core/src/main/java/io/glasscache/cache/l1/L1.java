package io.glasscache.cache.l1;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.Weigher;

import io.glasscache.cache.freshness.Entry;

/**
 * The on-heap tier: a bounded Caffeine cache of {@link Entry entries}. Entries past every stale window are dropped
 * on read. Thread-safe.
 *
 * <p>Expiry is fixed (expire-after-write), not a per-entry Caffeine {@code Expiry}: variable expiration costs
 * hundreds of ns per read (timer-wheel maintenance). An entry stays for its L1 lifetime plus the stale-if-error
 * window: past the lifetime it is read through L2 again, but it is still there to serve when L2 cannot answer.
 */
public final class L1<K, V> {

    private final Cache<K, Entry<V>> cache;

    /**
     * @param maximumSize   bound in entries, or -1 when {@code weigher} bounds by weight
     * @param maximumWeight bound in weight units when {@code weigher} is given
     * @param retention     how long an entry stays at most (its L1 lifetime plus the stale-if-error window)
     * @param ticker        Caffeine's clock: the coarse clock for the system clock (Caffeine reads it on every read
     *                      and write; {@code System.nanoTime} per lookup was a visible share of a 300-key getAll)
     * @param recordStats   whether Caffeine keeps its own statistics (for its meters)
     */
    public L1(long maximumSize, long maximumWeight, Weigher<? super K, ? super V> weigher, Duration retention,
            Ticker ticker, boolean recordStats) {
        Caffeine<Object, Object> caffeine = Caffeine.newBuilder();
        if (weigher != null) {
            caffeine.maximumWeight(maximumWeight);
            caffeine.weigher((Object k, Object e) -> {
                @SuppressWarnings("unchecked")
                K key = (K) k;
                @SuppressWarnings("unchecked")
                Entry<V> entry = (Entry<V>) e;
                return weigher.weigh(key, entry.value());
            });
        } else {
            caffeine.maximumSize(maximumSize);
        }
        if (recordStats) {
            caffeine.recordStats();
        }
        this.cache = caffeine.ticker(ticker).expireAfterWrite(retention).build();
    }

    /** The entry for {@code key}, unless it is past every stale window at {@code now} (it then leaves L1). */
    public Entry<V> get(K key, long now) {
        Entry<V> e = cache.getIfPresent(key);
        if (e != null && now >= e.hardUntil()) {
            cache.asMap().remove(key, e);
            return null;
        }
        return e;
    }

    public void put(K key, Entry<V> e) {
        cache.put(key, e);
    }

    /** Removes {@code key} only if it still maps to {@code e}. */
    public void remove(K key, Entry<V> e) {
        cache.asMap().remove(key, e);
    }

    public void invalidate(K key) {
        cache.invalidate(key);
    }

    public void invalidateAll() {
        cache.invalidateAll();
    }

    /** The Caffeine cache, for metrics binders. */
    public Cache<K, Entry<V>> caffeine() {
        return cache;
    }

    /** Empties the tier and runs Caffeine's pending maintenance. */
    public void close() {
        cache.invalidateAll();
        cache.cleanUp();
    }
}
