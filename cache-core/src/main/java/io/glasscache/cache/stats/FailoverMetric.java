package io.glasscache.cache.stats;

import static io.glasscache.cache.stats.MetricNaming.CACHE_NAME;
import static io.glasscache.cache.stats.MetricNaming.GROUP;
import static io.glasscache.cache.stats.MetricNaming.OUTCOME;
import static io.glasscache.cache.stats.MetricNaming.REASON;
import static io.glasscache.cache.stats.MetricNaming.RUNG;
import static io.glasscache.cache.stats.MetricNaming.STORE;

import java.util.List;

import io.glasscache.cache.stats.MetricNaming.Kind;

/**
 * Every meter of a failover cache and its guard, named {@code <prefix>.failover.<name>}. docs/metrics.md lists
 * them with their Prometheus names (drift-tested).
 */
public enum FailoverMetric {
    RECORDS("records", Kind.COUNTER, null, "Records offered to the failover cache, by outcome", CACHE_NAME, OUTCOME),
    CORRUPT_READS("corrupt.reads", Kind.COUNTER, null, "Stored values that failed to decode and were dropped",
            CACHE_NAME),
    SERVED("served", Kind.COUNTER, null, "Samples of a key that found a last-good value", CACHE_NAME, GROUP),
    EMPTY("empty", Kind.COUNTER, null, "Samples of a key that found nothing", CACHE_NAME, GROUP),
    ANSWERS("answers", Kind.COUNTER, null, "Answers of the failover guard, by rung of the degradation ladder",
            CACHE_NAME, GROUP, RUNG),
    EMPTY_ANSWERS("empty.answers", Kind.COUNTER, null, "Empty answers of the failover guard, by reason",
            CACHE_NAME, GROUP, REASON),
    LATE_LATENCY("late.latency", Kind.TIMER, null,
            "Time to a late primary answer (served after the budget, before the deadline)", CACHE_NAME, GROUP),
    KEYS("keys", Kind.GAUGE, null, "Keys held", CACHE_NAME),
    ENTRIES("entries", Kind.GAUGE, null, "Values held", CACHE_NAME),
    QUEUE_SIZE("queue.size", Kind.GAUGE, null, "Records waiting to be written", CACHE_NAME),
    STORE_USED("store.used", Kind.GAUGE, "bytes", "Store bytes in use", CACHE_NAME, STORE),
    STORE_CAPACITY("store.capacity", Kind.GAUGE, "bytes", "Store capacity", CACHE_NAME, STORE),
    SAMPLE_DURATION("sample.duration", Kind.TIMER, null, "Time to sample and decode a last-good value", CACHE_NAME),
    WRITE_DURATION("write.duration", Kind.TIMER, null, "Writer time to encode and store one record", CACHE_NAME),
    SNAPSHOT_DURATION("snapshot.duration", Kind.TIMER, null, "Time to write a snapshot, by outcome",
            CACHE_NAME, OUTCOME),
    SNAPSHOT_SIZE("snapshot.size", Kind.GAUGE, "bytes", "Size of the last successful snapshot", CACHE_NAME),
    SNAPSHOT_RECORDS("snapshot.records", Kind.GAUGE, null, "Records in the last successful snapshot", CACHE_NAME),
    SNAPSHOT_LAST_SUCCESS("snapshot.last.success.timestamp", Kind.GAUGE, "seconds",
            "When the last snapshot succeeded, seconds since the epoch (0 = never)", CACHE_NAME),
    RESTORE_RECORDS("restore.records", Kind.COUNTER, null, "Snapshot records seen at restore, by outcome",
            CACHE_NAME, OUTCOME),
    RESTORE_SNAPSHOT_AGE("restore.snapshot.age", Kind.GAUGE, "seconds",
            "Age of the snapshot restored at start-up (NaN = none)", CACHE_NAME),
    RECORDER_FAILURES("stats.recorder.failures", Kind.COUNTER, null,
            "Calls into the failover stats recorder that threw (caught)", CACHE_NAME);

    private final String name;
    private final Kind kind;
    private final String baseUnit;
    private final String description;
    private final List<String> tags;

    FailoverMetric(String name, Kind kind, String baseUnit, String description, String... tags) {
        this.name = name;
        this.kind = kind;
        this.baseUnit = baseUnit;
        this.description = description;
        this.tags = List.of(tags);
    }

    /** The meter name under {@code prefix}: {@code prefix + ".failover." + name}. */
    public String meterName(String prefix) {
        return prefix + ".failover." + name;
    }

    /** The Prometheus family name, e.g. {@code model_serving_feature_cache_failover_answers_total}. */
    public String prometheusName(String prefix) {
        return MetricNaming.prometheusName(meterName(prefix), kind, baseUnit);
    }

    public Kind kind() {
        return kind;
    }

    /** {@code bytes}, {@code seconds} or {@code null} for plain counts (timers are always in seconds). */
    public String baseUnit() {
        return baseUnit;
    }

    public String description() {
        return description;
    }

    /** The tag keys every meter of this metric carries, in order. */
    public List<String> tags() {
        return tags;
    }
}
