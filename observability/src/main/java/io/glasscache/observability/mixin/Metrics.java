package io.glasscache.observability.mixin;

import io.glasscache.cache.micrometer.MicrometerStats;
import io.glasscache.cache.stats.CacheMetric;
import io.glasscache.cache.stats.FailoverMetric;

/**
 * cache-core's Prometheus family names under the configured prefix, from its {@link CacheMetric} and
 * {@link FailoverMetric} constants, and the third-party families it binds ({@link MicrometerStats}).
 */
final class Metrics {

    final String requests;
    final String hits;
    final String misses;
    final String latency;
    final String errors;
    final String loads;
    final String loadLatency;
    final String sourceCalls;
    final String waiterTimeouts;
    final String coalesced;
    final String staleServed;
    final String l2Latency;
    final String l2Errors;

    final String failoverAnswers;
    final String failoverEmptyAnswers;
    final String failoverLateLatency;
    final String failoverKeys;
    final String failoverEntries;
    final String failoverQueue;
    final String failoverUsedBytes;
    final String failoverCapacityBytes;
    final String failoverRecords;
    final String failoverCorruptReads;
    final String failoverSampleDuration;
    final String failoverWriteDuration;
    final String snapshotDuration;
    final String snapshotSize;
    final String snapshotRecords;
    final String snapshotLastSuccess;
    final String restoreRecords;
    final String restoredSnapshotAge;

    static final String L1_SIZE = MicrometerStats.CAFFEINE_SIZE;
    static final String L1_GETS = MicrometerStats.CAFFEINE_GETS;
    static final String L1_EVICTIONS = MicrometerStats.CAFFEINE_EVICTIONS;
    static final String BREAKER_STATE = MicrometerStats.CIRCUIT_BREAKER_STATE;
    static final String BREAKER_FAILURE_RATE = MicrometerStats.CIRCUIT_BREAKER_FAILURE_RATE;

    Metrics(String prefix) {
        requests = CacheMetric.REQUESTS.prometheusName(prefix);
        hits = CacheMetric.HITS.prometheusName(prefix);
        misses = CacheMetric.MISSES.prometheusName(prefix);
        latency = CacheMetric.LATENCY.prometheusName(prefix);
        errors = CacheMetric.OPERATION_ERRORS.prometheusName(prefix);
        loads = CacheMetric.LOADS.prometheusName(prefix);
        loadLatency = CacheMetric.LOAD_LATENCY.prometheusName(prefix);
        sourceCalls = CacheMetric.SOURCE_CALLS.prometheusName(prefix);
        waiterTimeouts = CacheMetric.LOAD_WAITER_TIMEOUTS.prometheusName(prefix);
        coalesced = CacheMetric.COALESCED_WAITERS.prometheusName(prefix);
        staleServed = CacheMetric.STALE_SERVED.prometheusName(prefix);
        l2Latency = CacheMetric.L2_LATENCY.prometheusName(prefix);
        l2Errors = CacheMetric.L2_ERRORS.prometheusName(prefix);

        failoverAnswers = FailoverMetric.ANSWERS.prometheusName(prefix);
        failoverEmptyAnswers = FailoverMetric.EMPTY_ANSWERS.prometheusName(prefix);
        failoverLateLatency = FailoverMetric.LATE_LATENCY.prometheusName(prefix);
        failoverKeys = FailoverMetric.KEYS.prometheusName(prefix);
        failoverEntries = FailoverMetric.ENTRIES.prometheusName(prefix);
        failoverQueue = FailoverMetric.QUEUE_SIZE.prometheusName(prefix);
        failoverUsedBytes = FailoverMetric.STORE_USED.prometheusName(prefix);
        failoverCapacityBytes = FailoverMetric.STORE_CAPACITY.prometheusName(prefix);
        failoverRecords = FailoverMetric.RECORDS.prometheusName(prefix);
        failoverCorruptReads = FailoverMetric.CORRUPT_READS.prometheusName(prefix);
        failoverSampleDuration = FailoverMetric.SAMPLE_DURATION.prometheusName(prefix);
        failoverWriteDuration = FailoverMetric.WRITE_DURATION.prometheusName(prefix);
        snapshotDuration = FailoverMetric.SNAPSHOT_DURATION.prometheusName(prefix);
        snapshotSize = FailoverMetric.SNAPSHOT_SIZE.prometheusName(prefix);
        snapshotRecords = FailoverMetric.SNAPSHOT_RECORDS.prometheusName(prefix);
        snapshotLastSuccess = FailoverMetric.SNAPSHOT_LAST_SUCCESS.prometheusName(prefix);
        restoreRecords = FailoverMetric.RESTORE_RECORDS.prometheusName(prefix);
        restoredSnapshotAge = FailoverMetric.RESTORE_SNAPSHOT_AGE.prometheusName(prefix);
    }

    /** A histogram's bucket series. */
    static String bucket(String histogram) {
        return histogram + "_bucket";
    }

    /** A histogram's observation count. */
    static String count(String histogram) {
        return histogram + "_count";
    }

    /** A counter's name without {@code _total}, for recording rule names. */
    static String base(String counter) {
        return counter.endsWith("_total") ? counter.substring(0, counter.length() - "_total".length()) : counter;
    }

    /**
     * A histogram bucket bound as Micrometer's Prometheus registry writes the {@code le} label ({@code 0.05},
     * {@code 1.0}): Prometheus 2 matches {@code le} as text.
     */
    static String le(double seconds) {
        return Double.toString(seconds);
    }
}
