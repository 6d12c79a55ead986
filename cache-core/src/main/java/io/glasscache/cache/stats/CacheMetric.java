package io.glasscache.cache.stats;

import static io.glasscache.cache.stats.MetricNaming.CACHE_NAME;
import static io.glasscache.cache.stats.MetricNaming.OPERATION;
import static io.glasscache.cache.stats.MetricNaming.REASON;
import static io.glasscache.cache.stats.MetricNaming.RESULT;
import static io.glasscache.cache.stats.MetricNaming.SERVER;
import static io.glasscache.cache.stats.MetricNaming.TIER;

import java.util.List;

import io.glasscache.cache.stats.MetricNaming.Kind;

/**
 * Every meter of a tiered cache: its name under the prefix, kind, tag keys and description. docs/metrics.md lists
 * them with their Prometheus names (drift-tested).
 */
public enum CacheMetric {
    REQUESTS("requests", Kind.COUNTER, "Calls of a cache operation", CACHE_NAME, OPERATION),
    HITS("hits", Kind.COUNTER, "Keys read that a cache tier answered", CACHE_NAME, OPERATION, TIER),
    MISSES("misses", Kind.COUNTER, "Keys read that were in no cache tier and went to the source",
            CACHE_NAME, OPERATION),
    LATENCY("latency", Kind.TIMER, "Latency of cache calls; tier is the deepest tier a call needed",
            CACHE_NAME, OPERATION, TIER),
    OPERATION_ERRORS("operation.errors", Kind.COUNTER,
            "Errors during cache operations (all are handled: miss or stale value)", CACHE_NAME, OPERATION, REASON),
    LOADS("loads", Kind.COUNTER, "Keys loaded from the source, by result", CACHE_NAME, RESULT),
    LOAD_LATENCY("load.latency", Kind.TIMER, "Latency of source calls (single or batch), by result",
            CACHE_NAME, RESULT),
    LOAD_WAIT("load.wait", Kind.TIMER, "Time keys waited for a free source call (batchWhileBusy)", CACHE_NAME),
    SOURCE_CALLS("source.calls", Kind.COUNTER, "Source calls started (single or batch)", CACHE_NAME),
    LOAD_WAITER_TIMEOUTS("load.waiter.timeouts", Kind.COUNTER,
            "Reads that stopped waiting for a lookup at the load timeout (the lookup itself goes on)", CACHE_NAME),
    COALESCED_WAITERS("coalesced.waiters", Kind.COUNTER,
            "Reads that joined a lookup already in flight instead of starting one", CACHE_NAME),
    EARLY_REFRESHES("early.refreshes", Kind.COUNTER,
            "Background refreshes started early by probabilistic early expiration", CACHE_NAME),
    STALE_SERVED("stale.served", Kind.COUNTER, "Values served past their freshness", CACHE_NAME, REASON),
    L2_LATENCY("l2.latency", Kind.TIMER, "Latency of successful L2 (memcached) operations, per server",
            CACHE_NAME, OPERATION, SERVER),
    L2_ERRORS("l2.errors", Kind.COUNTER, "L2 (memcached) operations that failed or timed out, per server",
            CACHE_NAME, OPERATION, SERVER, REASON),
    RECORDER_FAILURES("stats.recorder.failures", Kind.COUNTER,
            "Calls into the stats recorder that threw (caught: reads go on)", CACHE_NAME);

    private final String name;
    private final Kind kind;
    private final String description;
    private final List<String> tags;

    CacheMetric(String name, Kind kind, String description, String... tags) {
        this.name = name;
        this.kind = kind;
        this.description = description;
        this.tags = List.of(tags);
    }

    /** The meter name under {@code prefix}, dot-separated: {@code prefix + "." + name}. */
    public String meterName(String prefix) {
        return prefix + '.' + name;
    }

    /** The Prometheus family name under {@code prefix}, e.g. {@code model_serving_feature_cache_hits_total}. */
    public String prometheusName(String prefix) {
        return MetricNaming.prometheusName(meterName(prefix), kind, null);
    }

    public Kind kind() {
        return kind;
    }

    public String description() {
        return description;
    }

    /** The tag keys every meter of this metric carries, in order. */
    public List<String> tags() {
        return tags;
    }
}
