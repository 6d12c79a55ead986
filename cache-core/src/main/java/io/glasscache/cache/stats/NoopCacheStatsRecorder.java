package io.glasscache.cache.stats;

enum NoopCacheStatsRecorder implements CacheStatsRecorder {
    INSTANCE;

    @Override
    public void recordRequest(CacheOperation operation) {
    }

    @Override
    public void recordHits(CacheOperation operation, Tier tier, int count) {
    }

    @Override
    public void recordMisses(CacheOperation operation, int count) {
    }

    @Override
    public void recordLatency(CacheOperation operation, Tier tier, long nanos) {
    }

    @Override
    public void recordError(CacheOperation operation, ErrorReason reason) {
    }

    @Override
    public void recordLoads(LoadResult result, int keys) {
    }

    @Override
    public void recordLoadLatency(LoadResult result, long nanos) {
    }

    @Override
    public void recordCoalesced(int count) {
    }

    @Override
    public void recordEarlyRefresh() {
    }

    @Override
    public void recordStaleServed(StaleReason reason) {
    }

    @Override
    public void recordL2Latency(L2Operation operation, long nanos) {
    }
}
