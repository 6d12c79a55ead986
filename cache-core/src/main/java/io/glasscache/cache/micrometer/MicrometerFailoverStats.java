package io.glasscache.cache.micrometer;

import static io.glasscache.cache.stats.MetricNaming.CACHE_NAME;
import static io.glasscache.cache.stats.MetricNaming.GROUP;
import static io.glasscache.cache.stats.MetricNaming.OUTCOME;
import static io.glasscache.cache.stats.MetricNaming.REASON;
import static io.glasscache.cache.stats.MetricNaming.RUNG;
import static io.glasscache.cache.stats.MetricNaming.STORE;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

import io.glasscache.cache.stats.AnswerRung;
import io.glasscache.cache.stats.EmptyReason;
import io.glasscache.cache.stats.FailoverMetric;
import io.glasscache.cache.stats.FailoverState;
import io.glasscache.cache.stats.FailoverStatsRecorder;
import io.glasscache.cache.stats.MetricNaming;
import io.glasscache.cache.stats.RecordOutcome;
import io.glasscache.cache.stats.RestoreOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * Records a failover cache's and its guards' events as Micrometer meters named as {@link FailoverMetric} says. Tag
 * values come only from the cache name, enums and a bounded set of groups: the first {@code maxGroups} groups seen,
 * then {@value MetricNaming#OTHER_GROUP}. The meters are removed when the cache closes. Made by
 * {@link MicrometerStats}.
 */
final class MicrometerFailoverStats implements FailoverStatsRecorder {

    /** Sample and write take microseconds. */
    private static final Duration[] FAST_BUCKETS = {
        Duration.ofNanos(5_000), Duration.ofNanos(10_000), Duration.ofNanos(25_000), Duration.ofNanos(50_000),
        Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofMillis(1), Duration.ofMillis(10)
    };
    private static final Duration[] SNAPSHOT_BUCKETS = {
        Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)
    };
    /** A late answer comes after the request budget (tens of ms) and before the hard deadline (hundreds). */
    private static final Duration[] LATE_BUCKETS = {
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(75), Duration.ofMillis(100),
        Duration.ofMillis(150), Duration.ofMillis(200), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1)
    };

    private final MeterRegistry registry;
    private final String prefix;
    private final Tags cacheTag;
    private final int maxGroups;
    private final List<Meter> meters = new ArrayList<>();
    private final Counter[] records;
    private final Counter corruptReads;
    private final Counter[] restore;
    private final Timer sampleTimer;
    private final Timer writeTimer;
    private final Timer snapshotSuccess;
    private final Timer snapshotFailure;
    private final ConcurrentHashMap<String, GroupMeters> groups = new ConcurrentHashMap<>();
    private volatile GroupMeters other;

    MicrometerFailoverStats(MeterRegistry registry, String prefix, String cacheName, int maxGroups) {
        this.registry = registry;
        this.prefix = prefix;
        this.cacheTag = Tags.of(CACHE_NAME, cacheName);
        this.maxGroups = maxGroups;
        records = new Counter[RecordOutcome.values().length];
        for (RecordOutcome outcome : RecordOutcome.values()) {
            records[outcome.ordinal()] = counter(FailoverMetric.RECORDS, Tags.of(OUTCOME, outcome.tag()));
        }
        corruptReads = counter(FailoverMetric.CORRUPT_READS, Tags.empty());
        restore = new Counter[RestoreOutcome.values().length];
        for (RestoreOutcome outcome : RestoreOutcome.values()) {
            restore[outcome.ordinal()] = counter(FailoverMetric.RESTORE_RECORDS, Tags.of(OUTCOME, outcome.tag()));
        }
        sampleTimer = timer(FailoverMetric.SAMPLE_DURATION, Tags.empty(), FAST_BUCKETS);
        writeTimer = timer(FailoverMetric.WRITE_DURATION, Tags.empty(), FAST_BUCKETS);
        snapshotSuccess = timer(FailoverMetric.SNAPSHOT_DURATION, Tags.of(OUTCOME, "success"), SNAPSHOT_BUCKETS);
        snapshotFailure = timer(FailoverMetric.SNAPSHOT_DURATION, Tags.of(OUTCOME, "failure"), SNAPSHOT_BUCKETS);
    }

    @Override
    public void bindState(FailoverState state) {
        Tags storeTag = Tags.of(STORE, state.storeTag());
        gauge(FailoverMetric.KEYS, Tags.empty(), state, FailoverState::keys);
        gauge(FailoverMetric.ENTRIES, Tags.empty(), state, FailoverState::entries);
        gauge(FailoverMetric.QUEUE_SIZE, Tags.empty(), state, FailoverState::queued);
        gauge(FailoverMetric.STORE_USED, storeTag, state, FailoverState::usedBytes);
        gauge(FailoverMetric.STORE_CAPACITY, storeTag, state, FailoverState::capacityBytes);
        gauge(FailoverMetric.SNAPSHOT_SIZE, Tags.empty(), state, FailoverState::lastSnapshotBytes);
        gauge(FailoverMetric.SNAPSHOT_RECORDS, Tags.empty(), state, FailoverState::lastSnapshotRecords);
        gauge(FailoverMetric.SNAPSHOT_LAST_SUCCESS, Tags.empty(), state, s -> s.lastSnapshotSuccessMillis() / 1000.0);
        gauge(FailoverMetric.RESTORE_SNAPSHOT_AGE, Tags.empty(), state,
                s -> s.restoredSnapshotAgeMillis() < 0 ? Double.NaN : s.restoredSnapshotAgeMillis() / 1000.0);
    }

    @Override
    public synchronized void bindRecorderFailures(LongSupplier failures) {
        meters.add(FunctionCounter.builder(FailoverMetric.RECORDER_FAILURES.meterName(prefix), failures,
                        LongSupplier::getAsLong).tags(cacheTag)
                .description(FailoverMetric.RECORDER_FAILURES.description()).register(registry));
    }

    @Override
    public void recordRecord(RecordOutcome outcome) {
        records[outcome.ordinal()].increment();
    }

    @Override
    public void recordCorruptRead() {
        corruptReads.increment();
    }

    @Override
    public void recordSample(String group, boolean served, long nanos) {
        GroupMeters meters = group(group);
        (served ? meters.served : meters.empty).increment();
        sampleTimer.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void recordWrite(long nanos) {
        writeTimer.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void recordSnapshot(boolean success, long nanos) {
        (success ? snapshotSuccess : snapshotFailure).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void recordRestore(RestoreOutcome outcome, long count) {
        if (count > 0) {
            restore[outcome.ordinal()].increment(count);
        }
    }

    @Override
    public void recordAnswer(String group, AnswerRung rung) {
        group(group).answers[rung.ordinal()].increment();
    }

    @Override
    public void recordEmptyAnswer(String group, EmptyReason reason) {
        group(group).emptyAnswers[reason.ordinal()].increment();
    }

    @Override
    public void recordLateAnswer(String group, long nanos) {
        group(group).late.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Removes this cache's meters from the registry. */
    @Override
    public synchronized void close() {
        meters.forEach(registry::remove);
        meters.clear();
    }

    private GroupMeters group(String group) {
        GroupMeters found = groups.get(group);
        if (found != null) {
            return found;
        }
        synchronized (this) {
            found = groups.get(group);
            if (found != null) {
                return found;
            }
            if (groups.size() >= maxGroups || MetricNaming.OTHER_GROUP.equals(group)) {
                if (other == null) {
                    other = new GroupMeters(MetricNaming.OTHER_GROUP);
                }
                return other;
            }
            found = new GroupMeters(group);
            groups.put(group, found);
            return found;
        }
    }

    /** The meters of one group tag value; made under the recorder's lock. */
    private final class GroupMeters {
        final Counter served;
        final Counter empty;
        final Counter[] answers = new Counter[AnswerRung.values().length];
        final Counter[] emptyAnswers = new Counter[EmptyReason.values().length];
        final Timer late;

        GroupMeters(String group) {
            Tags tags = Tags.of(GROUP, group);
            served = counter(FailoverMetric.SERVED, tags);
            empty = counter(FailoverMetric.EMPTY, tags);
            for (AnswerRung rung : AnswerRung.values()) {
                answers[rung.ordinal()] = counter(FailoverMetric.ANSWERS, tags.and(RUNG, rung.tag()));
            }
            for (EmptyReason reason : EmptyReason.values()) {
                emptyAnswers[reason.ordinal()] = counter(FailoverMetric.EMPTY_ANSWERS, tags.and(REASON, reason.tag()));
            }
            late = timer(FailoverMetric.LATE_LATENCY, tags, LATE_BUCKETS);
        }
    }

    private synchronized Counter counter(FailoverMetric metric, Tags tags) {
        Counter counter = Counter.builder(metric.meterName(prefix)).tags(cacheTag).tags(tags)
                .description(metric.description()).register(registry);
        meters.add(counter);
        return counter;
    }

    private synchronized <T> void gauge(FailoverMetric metric, Tags tags, T target, ToDoubleFunction<T> value) {
        meters.add(Gauge.builder(metric.meterName(prefix), target, value).tags(cacheTag).tags(tags)
                .description(metric.description()).baseUnit(metric.baseUnit()).strongReference(true)
                .register(registry));
    }

    private synchronized Timer timer(FailoverMetric metric, Tags tags, Duration[] buckets) {
        Timer timer = MicrometerStats.histogram(metric.meterName(prefix), buckets).tags(cacheTag).tags(tags)
                .description(metric.description()).register(registry);
        meters.add(timer);
        return timer;
    }
}
