package io.glasscache.cache.failover;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * A failover cache's counters (always kept, read by {@link FailoverCache#stats()}) and, when a registry is given,
 * the Micrometer meters reading them. Names are documented in docs/metrics.md; tag values come only from the cache
 * name, enums and a bounded set of groups (overflow under {@value #OTHER_GROUP}).
 */
final class FailoverMetrics {

    static final String OTHER_GROUP = "other";
    /** Histogram buckets for sample and write: microseconds matter here. */
    private static final Duration[] FAST_BUCKETS = {
        Duration.ofNanos(5_000), Duration.ofNanos(10_000), Duration.ofNanos(25_000), Duration.ofNanos(50_000),
        Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofMillis(1), Duration.ofMillis(10)
    };
    private static final Duration[] SNAPSHOT_BUCKETS = {
        Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)
    };

    final LongAdder accepted = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder stored = new LongAdder();
    final LongAdder rejectedTooLarge = new LongAdder();
    final LongAdder rejectedFull = new LongAdder();
    final LongAdder rejectedMaxKeys = new LongAdder();
    final LongAdder encodeFailures = new LongAdder();
    final LongAdder corruptReads = new LongAdder();
    final LongAdder served = new LongAdder();
    final LongAdder empty = new LongAdder();
    final LongAdder restored = new LongAdder();
    final LongAdder restoreCorrupt = new LongAdder();
    final LongAdder restoreTruncated = new LongAdder();
    final LongAdder restoreTooOld = new LongAdder();
    final LongAdder restoreIncompatible = new LongAdder();
    final LongAdder restoreRejected = new LongAdder();
    final AtomicLong lastSnapshotSuccessMillis = new AtomicLong();
    final AtomicLong lastSnapshotBytes = new AtomicLong();
    final AtomicLong lastSnapshotRecords = new AtomicLong();
    final AtomicLong lastRestoreSnapshotAgeMillis = new AtomicLong(-1);

    private final String prefix;
    private final Tags cacheTag;
    private final MeterRegistry registry;
    private final int maxGroups;
    private final ConcurrentHashMap<String, GroupCounters> groups = new ConcurrentHashMap<>();
    private final List<Meter> meters = new ArrayList<>();
    private final Timer sampleTimer;
    private final Timer writeTimer;
    private final Timer snapshotSuccess;
    private final Timer snapshotFailure;
    private volatile GroupCounters other;

    FailoverMetrics(String cacheName, MeterRegistry registry, String prefix, int maxGroups) {
        this.prefix = prefix + ".failover.";
        this.cacheTag = Tags.of("cache_name", cacheName);
        this.registry = registry;
        this.maxGroups = maxGroups;
        if (registry == null) {
            sampleTimer = writeTimer = snapshotSuccess = snapshotFailure = null;
            return;
        }
        records("accepted", accepted);
        records("dropped", dropped);
        records("stored", stored);
        records("rejected_too_large", rejectedTooLarge);
        records("rejected_store_full", rejectedFull);
        records("rejected_max_keys", rejectedMaxKeys);
        records("rejected_encode", encodeFailures);
        counter("corrupt.reads", "stored values that failed to decode and were dropped", Tags.empty(), corruptReads);
        restore("restored", restored);
        restore("corrupt", restoreCorrupt);
        restore("truncated", restoreTruncated);
        restore("too_old", restoreTooOld);
        restore("incompatible", restoreIncompatible);
        restore("rejected", restoreRejected);
        gauge("snapshot.size", "size of the last successful snapshot", "bytes", lastSnapshotBytes,
                AtomicLong::doubleValue);
        gauge("snapshot.records", "records in the last successful snapshot", null, lastSnapshotRecords,
                AtomicLong::doubleValue);
        gauge("snapshot.last.success.timestamp", "when the last snapshot succeeded (0 = never)", "seconds",
                lastSnapshotSuccessMillis, a -> a.get() / 1000.0);
        gauge("restore.snapshot.age", "age of the snapshot restored at start-up (NaN = none)", "seconds",
                lastRestoreSnapshotAgeMillis, a -> a.get() < 0 ? Double.NaN : a.get() / 1000.0);
        sampleTimer = timer("sample.duration", "time to sample and decode a failover value", Tags.empty(),
                FAST_BUCKETS);
        writeTimer = timer("write.duration", "writer time to encode and store one record", Tags.empty(),
                FAST_BUCKETS);
        snapshotSuccess = timer("snapshot.duration", "time to write a snapshot", Tags.of("outcome", "success"),
                SNAPSHOT_BUCKETS);
        snapshotFailure = timer("snapshot.duration", "time to write a snapshot", Tags.of("outcome", "failure"),
                SNAPSHOT_BUCKETS);
    }

    /** Binds the gauges that read the live cache. */
    <T> void bindCache(T cache, ToDoubleFunction<T> keys, ToDoubleFunction<T> entries, ToDoubleFunction<T> queued,
                       FailoverStore store) {
        if (registry == null) {
            return;
        }
        gauge("keys", "keys held", null, cache, keys);
        gauge("entries", "values held", null, cache, entries);
        gauge("queue.size", "records waiting to be written", null, cache, queued);
        Tags storeTag = Tags.of("store", store.type() == StoreType.OFF_HEAP ? "off_heap" : "heap");
        meters.add(Gauge.builder(prefix + "store.used", store, FailoverStore::usedBytes).tags(cacheTag).tags(storeTag)
                .description("store bytes in use").baseUnit("bytes").register(registry));
        meters.add(Gauge.builder(prefix + "store.capacity", store, FailoverStore::capacityBytes).tags(cacheTag)
                .tags(storeTag).description("store capacity").baseUnit("bytes").register(registry));
    }

    void served(String group) {
        served.increment();
        group(group).served.increment();
    }

    void empty(String group) {
        empty.increment();
        group(group).empty.increment();
    }

    void recordSample(long nanos) {
        if (sampleTimer != null) {
            sampleTimer.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    void recordWrite(long nanos) {
        if (writeTimer != null) {
            writeTimer.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    void recordSnapshot(boolean success, long nanos) {
        Timer timer = success ? snapshotSuccess : snapshotFailure;
        if (timer != null) {
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Removes this cache's meters from the registry. */
    synchronized void close() {
        if (registry != null) {
            meters.forEach(registry::remove);
        }
        meters.clear();
    }

    private GroupCounters group(String group) {
        GroupCounters counters = groups.get(group);
        if (counters != null) {
            return counters;
        }
        synchronized (this) {
            counters = groups.get(group);
            if (counters != null) {
                return counters;
            }
            if (groups.size() >= maxGroups || OTHER_GROUP.equals(group)) {
                if (other == null) {
                    other = new GroupCounters(OTHER_GROUP);
                }
                return other;
            }
            counters = new GroupCounters(group);
            groups.put(group, counters);
            return counters;
        }
    }

    private final class GroupCounters {
        final LongAdder served = new LongAdder();
        final LongAdder empty = new LongAdder();

        GroupCounters(String group) {
            Tags tags = Tags.of("group", group);
            counter("served", "failover values served", tags, served);
            counter("empty", "failover requests with nothing to serve", tags, empty);
        }
    }

    private void records(String outcome, LongAdder adder) {
        counter("records", "records offered to the failover cache, by outcome", Tags.of("outcome", outcome), adder);
    }

    private void restore(String outcome, LongAdder adder) {
        counter("restore.records", "snapshot records seen at restore, by outcome", Tags.of("outcome", outcome),
                adder);
    }

    private synchronized void counter(String name, String description, Tags tags, LongAdder adder) {
        if (registry != null) {
            meters.add(FunctionCounter.builder(prefix + name, adder, LongAdder::sum).tags(cacheTag).tags(tags)
                    .description(description).register(registry));
        }
    }

    private synchronized <T> void gauge(String name, String description, String unit, T target,
                                        ToDoubleFunction<T> value) {
        meters.add(Gauge.builder(prefix + name, target, value).tags(cacheTag).description(description)
                .baseUnit(unit).register(registry));
    }

    private synchronized Timer timer(String name, String description, Tags tags, Duration[] buckets) {
        Timer timer = Timer.builder(prefix + name).tags(cacheTag).tags(tags).description(description)
                .serviceLevelObjectives(buckets).minimumExpectedValue(buckets[0])
                .maximumExpectedValue(buckets[buckets.length - 1]).register(registry);
        meters.add(timer);
        return timer;
    }
}
