package io.glasscache.cache.autoconfigure;

import java.util.function.Consumer;

import io.glasscache.cache.MemcachedTier;
import io.glasscache.cache.TieredCache;
import io.glasscache.cache.TieredCache.Defaults;
import io.glasscache.cache.TieredCacheFactory;
import io.glasscache.cache.stats.StatsRecorderFactory;

/** Builders pre-filled from {@link TieredCacheProperties}, the shared L2 and the stats (each optional). */
final class PropertiesTieredCacheFactory implements TieredCacheFactory {

    private final TieredCacheProperties properties;
    private final MemcachedTier l2;
    private final StatsRecorderFactory stats;

    PropertiesTieredCacheFactory(TieredCacheProperties properties, MemcachedTier l2, StatsRecorderFactory stats) {
        this.properties = properties;
        this.l2 = l2;
        this.stats = stats;
    }

    @Override
    public <K, V> TieredCache.Builder<K, V> builder(String name) {
        TieredCacheProperties.Cache c = properties.cache(name);
        TieredCache.Builder<K, V> b = TieredCache.<K, V>builder(name).recordStats(stats);
        set(c.ttl(), b::ttl);
        set(c.ttlJitter(), b::ttlJitter);
        set(c.loadTimeout(), b::loadTimeout);
        set(c.loadHardTimeout(), b::loadHardTimeout);
        if (c.namespace() != null && !c.namespace().isEmpty()) {
            b.namespace(c.namespace());
        }
        if (c.l1() != null) {
            set(c.l1().enabled(), b::l1Enabled);
            set(c.l1().maxEntries(), b::l1MaximumSize);
            set(c.l1().expireAfterWrite(), b::l1ExpireAfterWrite);
        }
        if (c.refresh() != null && (c.refresh().early() != null || c.refresh().beta() != null)) {
            b.earlyRefresh(c.refresh().early() != null ? c.refresh().early() : Defaults.EARLY_REFRESH,
                    c.refresh().beta() != null ? c.refresh().beta() : Defaults.EARLY_REFRESH_BETA);
        }
        if (c.stale() != null) {
            set(c.stale().whileRevalidate(), b::staleWhileRevalidate);
            set(c.stale().ifError(), b::staleIfError);
        }
        if (c.loads() != null && c.loads().maxConcurrent() != null && c.loads().maxConcurrent() > 0) {
            b.batchWhileBusy(c.loads().maxConcurrent(),
                    c.loads().maxBatchSize() != null ? c.loads().maxBatchSize() : Defaults.MAX_BATCH_SIZE);
        }
        if (l2 != null) {
            b.l2(l2).l2Enabled(c.l2() == null || c.l2().enabled() == null || c.l2().enabled());
        }
        return b;
    }

    /** Applies {@code value} when it is set: an unset property keeps the builder's default. */
    static <T> void set(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
