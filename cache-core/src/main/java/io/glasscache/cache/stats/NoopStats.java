package io.glasscache.cache.stats;

import java.util.List;
import java.util.function.LongSupplier;

/** Records nothing: what a cache built without {@code recordStats(...)} reports to. */
enum NoopStats implements StatsRecorderFactory, CacheStatsRecorder, FailoverStatsRecorder {
    INSTANCE;

    @Override
    public CacheStatsRecorder tieredCache(String cacheName, List<String> l2Servers) {
        return this;
    }

    @Override
    public FailoverStatsRecorder failoverCache(String cacheName) {
        return this;
    }

    @Override
    public void bindRecorderFailures(LongSupplier failures) {
    }

    @Override
    public void recordRequest(CacheOperation operation) {
    }

    @Override
    public void recordL1GetHit() {
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
    public void recordSourceCall() {
    }

    @Override
    public void recordLoadWait(long nanos) {
    }

    @Override
    public void recordWaiterTimeout() {
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
    public void recordL2Latency(L2Operation operation, int server, long nanos) {
    }

    @Override
    public void recordL2Error(L2Operation operation, int server, ErrorReason reason) {
    }

    @Override
    public void recordRecord(RecordOutcome outcome) {
    }

    @Override
    public void recordCorruptRead() {
    }

    @Override
    public void recordSample(String group, boolean served, long nanos) {
    }

    @Override
    public void recordWrite(long nanos) {
    }

    @Override
    public void recordSnapshot(boolean success, long nanos) {
    }

    @Override
    public void recordRestore(RestoreOutcome outcome, long count) {
    }

    @Override
    public void recordAnswer(String group, AnswerRung rung) {
    }

    @Override
    public void recordEmptyAnswer(String group, EmptyReason reason) {
    }

    @Override
    public void recordLateAnswer(String group, long nanos) {
    }
}
