package io.glasscache.cache.autoconfigure;

import io.glasscache.cache.TieredCache;
import io.glasscache.cache.TieredCacheFactory;
import io.glasscache.cache.tier.MemcachedTier;
import io.micrometer.core.instrument.MeterRegistry;

/** Builders pre-filled from {@link TieredCacheProperties}, the shared L2 and the meter registry (each optional). */
final class PropertiesTieredCacheFactory implements TieredCacheFactory {

    private final TieredCacheProperties properties;
    private final MemcachedTier l2;
    private final MeterRegistry registry;

    PropertiesTieredCacheFactory(TieredCacheProperties properties, MemcachedTier l2, MeterRegistry registry) {
        this.properties = properties;
        this.l2 = l2;
        this.registry = registry;
    }

    @Override
    public <K, V> TieredCache.Builder<K, V> builder(String name) {
        TieredCacheProperties.Cache c = properties.cache(name);
        TieredCache.Builder<K, V> b = TieredCache.<K, V>builder(name)
                .ttl(c.ttl())
                .ttlJitter(c.ttlJitter())
                .loadTimeout(c.loadTimeout())
                .l1Enabled(c.l1().enabled())
                .l1MaximumSize(c.l1().maxEntries())
                .l1ExpireAfterWrite(c.l1().expireAfterWrite())
                .earlyRefresh(c.refresh().early(), c.refresh().beta())
                .staleWhileRevalidate(c.stale().whileRevalidate())
                .staleIfError(c.stale().ifError())
                .metricsPrefix(properties.metrics().prefix());
        if (c.loads().maxConcurrent() > 0) {
            b.batchWhileBusy(c.loads().maxConcurrent(), c.loads().maxBatchSize());
        }
        if (c.namespace() != null && !c.namespace().isEmpty()) {
            b.namespace(c.namespace());
        }
        if (l2 != null) {
            b.l2(l2).l2Enabled(c.l2().enabled());
        }
        if (registry != null) {
            b.meterRegistry(registry);
        }
        return b;
    }
}
