package io.glasscache.cache;

import java.time.Duration;

import io.glasscache.cache.stats.StatsRecorderFactory;

/** Reads a builder's settings, for tests of code that pre-fills builders (the auto-configuration). */
public final class BuilderSettings {

    private BuilderSettings() {
    }

    public static Duration ttl(TieredCache.Builder<?, ?> b) {
        return b.ttl;
    }

    public static double ttlJitter(TieredCache.Builder<?, ?> b) {
        return b.ttlJitter;
    }

    public static Duration loadTimeout(TieredCache.Builder<?, ?> b) {
        return b.loadTimeout;
    }

    public static int maxConcurrentLoads(TieredCache.Builder<?, ?> b) {
        return b.maxConcurrentLoads;
    }

    public static int maxBatchSize(TieredCache.Builder<?, ?> b) {
        return b.maxBatchSize;
    }

    public static long l1MaximumSize(TieredCache.Builder<?, ?> b) {
        return b.l1MaximumSize;
    }

    public static Duration l1ExpireAfterWrite(TieredCache.Builder<?, ?> b) {
        return b.l1ExpireAfterWrite;
    }

    public static MemcachedTier l2(TieredCache.Builder<?, ?> b) {
        return b.l2;
    }

    public static boolean l2Enabled(TieredCache.Builder<?, ?> b) {
        return b.l2Enabled;
    }

    public static String namespace(TieredCache.Builder<?, ?> b) {
        return b.namespace;
    }

    public static boolean earlyRefresh(TieredCache.Builder<?, ?> b) {
        return b.earlyRefresh;
    }

    public static double beta(TieredCache.Builder<?, ?> b) {
        return b.earlyRefreshBeta;
    }

    public static Duration staleWhileRevalidate(TieredCache.Builder<?, ?> b) {
        return b.staleWhileRevalidate;
    }

    public static Duration staleIfError(TieredCache.Builder<?, ?> b) {
        return b.staleIfError;
    }

    public static StatsRecorderFactory stats(TieredCache.Builder<?, ?> b) {
        return b.stats;
    }

    public static Duration loadHardTimeout(TieredCache.Builder<?, ?> b) {
        return b.hardTimeout();
    }
}
